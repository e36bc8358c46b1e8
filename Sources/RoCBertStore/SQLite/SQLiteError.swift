import CSQLite

/// A failure reported by SQLite, naming the database file so the CLI's one line is enough.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// The database file.
    public let file: String
    /// SQLite's extended result code.
    public let code: Int32
    /// SQLite's message.
    public let message: String
    /// What we were doing, e.g. "inserting example 12".
    public let context: String

    /// `file: context: message (SQLite code N)`.
    public var description: String { "\(file): \(context): \(message) (SQLite code \(code))" }

    /// The primary result code (the low byte of the extended code).
    public var primaryCode: Int32 { code & 0xFF }
    /// The database was locked by another connection for longer than the busy timeout.
    public var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }
    /// A UNIQUE or PRIMARY KEY constraint refused a row.
    public var isUniqueViolation: Bool {
        // SQLITE_CONSTRAINT_UNIQUE and _PRIMARYKEY are macros Swift does not import.
        code == SQLITE_CONSTRAINT | (8 << 8) || code == SQLITE_CONSTRAINT | (6 << 8)
    }
}
