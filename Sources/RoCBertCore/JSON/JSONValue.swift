import Foundation

/// A decoded JSON document that keeps integers, floats and booleans apart
/// (config.json and the `forward` inputs need to know which is which).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses bytes; `source` names the file in the error.
    public static func parse(_ data: Data, source: String) throws -> JSONValue {
        var parser = JSONParser(data)
        do { return try parser.parseDocument() } catch let e as JSONParser.Failure {
            throw RoCBertError(source, "malformed JSON: \(e.message)")
        }
    }

    /// The number as a Double, for ints and doubles.
    public var number: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    /// The members of an object.
    public var object: [String: JSONValue]? { if case .object(let o) = self { return o } else { return nil } }
    /// The elements of an array.
    public var array: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
}
