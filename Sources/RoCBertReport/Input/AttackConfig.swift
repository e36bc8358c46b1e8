import Foundation
import RoCBert

/// What the report needs from a run's attack configuration JSON.
///
/// Conventions read: a `transformations` array (of names, or of objects with `name` or `type`)
/// and a `max_queries` integer, each at any depth (top level first).
public struct AttackConfig: Equatable, Sendable {
    /// Transformation names the attack may use, in config order.
    public var transformations: [String]
    /// The query budget per example, if the config sets one.
    public var maxQueries: Int?
    /// The config with every `max_queries` removed, canonical: runs that differ only in budget share it.
    public var withoutBudget: String

    /// Parses `json`; a config that is not JSON yields no transformations and no budget.
    public init(json: String) {
        guard let value = try? JSONValue.parse(Data(json.utf8), source: "attack config") else {
            transformations = []
            maxQueries = nil
            withoutBudget = json
            return
        }
        let list = Self.find("transformations", in: value)?.array ?? []
        transformations = list.compactMap { item in
            if case .string(let s) = item { return s }
            for key in ["name", "type", "transformation"] {
                if case .string(let s)? = item.object?[key] { return s }
            }
            return nil
        }
        if case .int(let n)? = Self.find("max_queries", in: value) { maxQueries = n } else { maxQueries = nil }
        withoutBudget = Self.canonical(Self.removing("max_queries", from: value))
    }

    /// The first value under `key`, breadth-first, members in sorted key order so the answer is stable.
    static func find(_ key: String, in value: JSONValue) -> JSONValue? {
        var queue = [value]
        while !queue.isEmpty {
            let v = queue.removeFirst()
            if let o = v.object {
                if let hit = o[key] { return hit }
                queue += o.keys.sorted().compactMap { o[$0] }
            } else if let a = v.array {
                queue += a
            }
        }
        return nil
    }

    static func removing(_ key: String, from value: JSONValue) -> JSONValue {
        switch value {
        case .object(let o):
            return .object(o.filter { $0.key != key }.mapValues { removing(key, from: $0) })
        case .array(let a):
            return .array(a.map { removing(key, from: $0) })
        default:
            return value
        }
    }

    static func canonical(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return "\(d)"
        case .string(let s): return "\"" + s.unicodeScalars.map { $0 == "\"" || $0 == "\\" ? "\\\($0)" : String($0) }.joined() + "\""
        case .array(let a): return "[" + a.map(canonical).joined(separator: ",") + "]"
        case .object(let o): return "{" + o.keys.sorted().map { canonical(.string($0)) + ":" + canonical(o[$0]!) }.joined(separator: ",") + "}"
        }
    }
}
