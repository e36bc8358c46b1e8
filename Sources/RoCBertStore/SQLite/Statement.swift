import CSQLite

/// A prepared statement on one `SQLiteDatabase`; finalized when released.
final class Statement {
    let database: SQLiteDatabase
    let sql: String
    private let handle: OpaquePointer

    init(database: SQLiteDatabase, sql: String) throws {
        self.database = database
        self.sql = sql
        var h: OpaquePointer?
        let rc = sqlite3_prepare_v2(database.handle, sql, -1, &h, nil)
        guard rc == SQLITE_OK, let h else {
            sqlite3_finalize(h)
            throw database.error(rc, context: "preparing \(sql.prefix(60))")
        }
        handle = h
    }

    deinit { sqlite3_finalize(handle) }

    /// Clears earlier bindings and binds `values` to parameters 1…n.
    @discardableResult
    func bind(_ values: [SQLiteValue]) throws -> Statement {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (i, v) in values.enumerated() {
            let index = Int32(i + 1)
            let rc: Int32
            switch v {
            case .integer(let n): rc = sqlite3_bind_int64(handle, index, n)
            case .real(let d): rc = sqlite3_bind_double(handle, index, d)
            case .text(let s): rc = sqlite3_bind_text(handle, index, s, -1, Self.transient)
            case .null: rc = sqlite3_bind_null(handle, index)
            }
            guard rc == SQLITE_OK else { throw database.error(rc, context: "binding parameter \(index) of \(sql.prefix(60))") }
        }
        return self
    }

    /// Advances one row: true when a row is available, false when done.
    func step(_ context: @autoclosure () -> String = "") throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let ctx = context()
            throw database.error(rc, context: ctx.isEmpty ? "running \(sql.prefix(60))" : ctx)
        }
    }

    /// Runs a statement that returns no rows.
    func run(_ values: [SQLiteValue] = [], _ context: @autoclosure () -> String = "") throws {
        try bind(values)
        while try step(context()) {}
        sqlite3_reset(handle)
    }

    /// Runs a query and maps every row.
    func rows<T>(_ values: [SQLiteValue] = [], _ map: (Statement) throws -> T) throws -> [T] {
        try bind(values)
        var out: [T] = []
        while try step() { out.append(try map(self)) }
        sqlite3_reset(handle)
        return out
    }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }
    func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }
    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
    /// The column as an integer; nil when NULL.
    func optionalInt(_ column: Int32) -> Int? { isNull(column) ? nil : int(column) }
    /// The column as a 0/1 flag (any non-zero is true); nil when NULL.
    func optionalBool(_ column: Int32) -> Bool? { isNull(column) ? nil : int64(column) != 0 }

    /// The column as UTF-8 text; nil when NULL.
    func text(_ column: Int32) -> String? {
        guard !isNull(column), let p = sqlite3_column_text(handle, column) else { return nil }
        let n = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }

    /// SQLITE_TRANSIENT: SQLite copies the bound text, so Swift's temporary buffer may go away.
    private static var transient: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }
}
