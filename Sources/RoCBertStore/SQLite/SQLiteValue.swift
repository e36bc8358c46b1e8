/// A value bound to a statement parameter.
enum SQLiteValue: Sendable, Equatable {
    case integer(Int64)
    case real(Double)
    case text(String)
    case null

    static func int(_ v: Int) -> SQLiteValue { .integer(Int64(v)) }
    static func optionalText(_ v: String?) -> SQLiteValue { v.map(SQLiteValue.text) ?? .null }
}
