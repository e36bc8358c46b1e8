/// A value bound to a statement parameter.
enum SQLiteValue: Sendable, Equatable {
    case integer(Int64)
    case real(Double)
    case text(String)
    case null

    static func int(_ v: Int) -> SQLiteValue { .integer(Int64(v)) }
    static func optionalText(_ v: String?) -> SQLiteValue { v.map(SQLiteValue.text) ?? .null }
    static func optionalInt(_ v: Int?) -> SQLiteValue { v.map(SQLiteValue.int) ?? .null }
    /// 1 / 0, NULL for nil: how the schema stores a flag that may be unknown.
    static func optionalBool(_ v: Bool?) -> SQLiteValue { v.map { .integer($0 ? 1 : 0) } ?? .null }
}
