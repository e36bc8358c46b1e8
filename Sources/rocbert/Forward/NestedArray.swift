import RoCBert
import RoCBertCore

/// Nested JSON lists ↔ (shape, flat row-major values), the form `tensor.tolist()` writes.
public struct NestedArray: Sendable {
    public var shape: [Int]
    public var values: [Double]
    /// Whether every element was written as a JSON integer.
    public var allIntegers: Bool

    /// Flattens a rectangular nested list; `name` and `source` go into the error.
    public init(_ value: JSONValue, name: String, source: String) throws {
        var shape: [Int] = []
        var probe = value
        while case .array(let a) = probe {
            shape.append(a.count)
            guard let first = a.first else { break }
            probe = first
        }
        var values: [Double] = []
        values.reserveCapacity(shape.reduce(1, *))
        var ints = true
        func walk(_ v: JSONValue, depth: Int) throws {
            if depth == shape.count {
                switch v {
                case .int(let i): values.append(Double(i))
                case .double(let d): values.append(d); ints = false
                case .bool(let b): values.append(b ? 1 : 0)
                default: throw RoCBertError(source, "\(name) holds \(v), not a number")
                }
                return
            }
            guard case .array(let a) = v, a.count == shape[depth] else {
                throw RoCBertError(source, "\(name) is not a rectangular nested list (shape \(shape))")
            }
            for e in a { try walk(e, depth: depth + 1) }
        }
        try walk(value, depth: 0)
        self.shape = shape
        self.values = values
        self.allIntegers = ints
    }

    /// The values as integers, or an error if any is fractional.
    public func integers(name: String, source: String) throws -> [Int] {
        try values.map { v in
            guard v == v.rounded(), abs(v) < 9e15 else { throw RoCBertError(source, "\(name) must hold integers, found \(v)") }
            return Int(v)
        }
    }

    /// Writes `tensor` as nested JSON lists.
    public static func json(_ tensor: Tensor) -> String {
        var out = ""
        out.reserveCapacity(tensor.count * 12)
        func emit(_ dim: Int, _ offset: Int) -> Int {
            if dim == tensor.shape.count {
                let v = tensor.data[offset]
                out += v.isFinite ? "\(v)" : (v.isNaN ? "NaN" : (v > 0 ? "Infinity" : "-Infinity"))
                return 1
            }
            out += "["
            var o = offset
            for i in 0..<tensor.shape[dim] {
                if i > 0 { out += "," }
                o += emit(dim + 1, o)
            }
            out += "]"
            return o - offset
        }
        _ = emit(0, 0)
        return out
    }
}
