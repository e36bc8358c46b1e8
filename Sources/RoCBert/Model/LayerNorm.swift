/// `nn.LayerNorm` over the last dimension.
public struct LayerNorm: Sendable {
    public let weight: Tensor
    public let bias: Tensor
    public let eps: Float

    /// Binds `prefix.weight` and `prefix.bias`.
    public init(_ w: WeightBinder, _ prefix: String, size: Int, eps: Float) throws {
        weight = try w.tensor(prefix + ".weight", shape: [size])
        bias = try w.tensor(prefix + ".bias", shape: [size])
        self.eps = eps
    }

    /// Normalises `x` in place, after adding `residual` when given (the fused Add & Norm of BERT).
    public func apply(_ x: inout Tensor, residual: Tensor? = nil) {
        let width = weight.count
        let rows = x.rows
        x.data.withUnsafeMutableBufferPointer { p in
            weight.data.withUnsafeBufferPointer { g in
                bias.data.withUnsafeBufferPointer { b in
                    if let residual {
                        residual.data.withUnsafeBufferPointer { r in
                            FusedRows.layerNorm(p.baseAddress!, rows: rows, width: width, residual: r.baseAddress!, gamma: g.baseAddress!, beta: b.baseAddress!, eps: eps)
                        }
                    } else {
                        FusedRows.layerNorm(p.baseAddress!, rows: rows, width: width, residual: nil, gamma: g.baseAddress!, beta: b.baseAddress!, eps: eps)
                    }
                }
            }
        }
    }
}
