import CSQLite
import Foundation

/// One connection to a SQLite database file. Not thread-safe by itself; `ResultStore` serializes access.
final class SQLiteDatabase {
    /// The file, as given; every error names it.
    let path: String
    let handle: OpaquePointer

    /// How long one statement waits for another connection's lock before SQLITE_BUSY.
    static let busyTimeoutMilliseconds: Int32 = 5_000
    /// How many times BEGIN IMMEDIATE / COMMIT are retried after SQLITE_BUSY on top of the timeout.
    static let busyRetries = 40

    /// Opens `path`; creates it only when `create` is true.
    init(path: String, create: Bool) throws {
        self.path = path
        var h: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0)
        let rc = sqlite3_open_v2(path, &h, flags, nil)
        guard rc == SQLITE_OK, let h else {
            let message = h.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(h)
            throw SQLiteError(file: path, code: rc, message: message, context: "opening the database")
        }
        handle = h
        sqlite3_extended_result_codes(h, 1)
        sqlite3_busy_timeout(h, Self.busyTimeoutMilliseconds)
    }

    deinit { sqlite3_close_v2(handle) }

    /// The error for result code `rc`, with SQLite's message for this connection.
    func error(_ rc: Int32, context: String) -> SQLiteError {
        let code = sqlite3_extended_errcode(handle)
        let message = String(cString: sqlite3_errmsg(handle))
        // The connection's code can be stale when the failure happened outside a statement.
        return SQLiteError(file: path, code: (code & 0xFF) == (rc & 0xFF) ? code : rc, message: message, context: context)
    }

    /// Runs one or more SQL statements that return no rows.
    func execute(_ sql: String, _ context: @autoclosure () -> String = "") throws {
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        guard rc == SQLITE_OK else {
            let ctx = context()
            throw error(rc, context: ctx.isEmpty ? "running \(sql.prefix(60))" : ctx)
        }
    }

    /// Compiles one statement.
    func prepare(_ sql: String) throws -> Statement { try Statement(database: self, sql: sql) }

    /// The rowid of the last successful INSERT on this connection.
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    var changes: Int { Int(sqlite3_changes(handle)) }

    /// PRAGMA user_version: the schema version `Migrations` wrote.
    func userVersion() throws -> Int {
        let s = try prepare("PRAGMA user_version")
        guard try s.step("reading the schema version") else { return 0 }
        return s.int(0)
    }

    /// The schema version and the number of schema objects, read in one snapshot.
    ///
    /// Read separately, a concurrent first writer can commit its tables between the two reads,
    /// and a brand-new file would look like somebody else's database (version 0 with tables).
    func versionAndObjectCount() throws -> (version: Int, objects: Int) {
        var result = (version: 0, objects: 0)
        try retryingWhileBusy {
            try execute("BEGIN DEFERRED", "reading the schema version")
            do {
                result.version = try userVersion()
                result.objects = try prepare("SELECT COUNT(*) FROM sqlite_master").rows { $0.int(0) }.first ?? 0
                try execute("COMMIT", "reading the schema version")
            } catch {
                if sqlite3_get_autocommit(handle) == 0 { try? execute("ROLLBACK") }
                throw error
            }
        }
        return result
    }

    /// Runs `body` inside BEGIN IMMEDIATE … COMMIT; rolls back on any error.
    ///
    /// IMMEDIATE takes the write lock up front, so two writers queue at BEGIN instead of
    /// failing with SQLITE_BUSY half-way through; the retries cover waits longer than the timeout.
    func immediateTransaction<T>(_ context: String, _ body: () throws -> T) throws -> T {
        try retryingWhileBusy { try execute("BEGIN IMMEDIATE", "\(context): starting the transaction") }
        let value: T
        do {
            value = try body()
            try retryingWhileBusy { try execute("COMMIT", "\(context): committing") }
        } catch {
            if sqlite3_get_autocommit(handle) == 0 { try? execute("ROLLBACK") }
            throw error
        }
        return value
    }

    /// Retries `attempt` after SQLITE_BUSY, beyond what the busy timeout already waited.
    func retryingWhileBusy(_ attempt: () throws -> Void) throws {
        var tries = 0
        while true {
            do {
                try attempt()
                return
            } catch let e as SQLiteError where e.isBusy && tries < Self.busyRetries {
                tries += 1
                // Jitter so two waiting writers do not wake in lockstep.
                usleep(UInt32.random(in: 5_000...50_000))
            }
        }
    }
}
