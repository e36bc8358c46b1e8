/// `nn.Embedding`: a table of rows looked up by id.
public struct Embedding: Sendable {
    public let weight: Tensor
    public var width: Int { weight.shape[1] }
    public var count: Int { weight.shape[0] }

    /// Binds `prefix.weight` of shape [count, width].
    public init(_ w: WeightBinder, _ prefix: String, count: Int, width: Int) throws {
        weight = try w.tensor(prefix + ".weight", shape: [count, width])
    }

    /// Rows for `ids` (already range-checked by the input validation), shaped `shape + [width]`.
    public func lookup(_ ids: [Int], shape: [Int]) -> Tensor {
        var out = Tensor(zeros: shape + [width])
        let w = width
        out.data.withUnsafeMutableBufferPointer { o in
            weight.data.withUnsafeBufferPointer { t in
                for (i, id) in ids.enumerated() {
                    (o.baseAddress! + i * w).update(from: t.baseAddress! + id * w, count: w)
                }
            }
        }
        return out
    }
}
