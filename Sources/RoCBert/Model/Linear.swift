/// `nn.Linear`: y = x · Wᵀ + b with W stored [out, in] as PyTorch stores it.
public struct Linear: Sendable {
    public let weight: Tensor
    public let bias: Tensor?
    /// The same map on the bf16 kernel, when the binder asked for bf16 or bf16x3 (the fp32 weight is
    /// kept for code that reads it, such as the tied masked-LM decoder).
    public let bf16: BF16Linear?
    public var inFeatures: Int { weight.shape[1] }
    public var outFeatures: Int { weight.shape[0] }

    /// Binds `prefix.weight` (and `prefix.bias`).
    public init(_ w: WeightBinder, _ prefix: String, in inFeatures: Int, out outFeatures: Int, bias: Bool = true) throws {
        weight = try w.tensor(prefix + ".weight", shape: [outFeatures, inFeatures])
        self.bias = bias ? try w.tensor(prefix + ".bias", shape: [outFeatures]) : nil
        switch w.precision {
        case .fp32: bf16 = nil
        case .bf16: bf16 = BF16Linear(weight: weight, bias: self.bias)
        case .bf16x3: bf16 = BF16Linear(bf16x3Weight: weight, bias: self.bias)  // nil without AMX: sgemm
        }
    }

    public init(weight: Tensor, bias: Tensor?) {
        self.weight = weight
        self.bias = bias
        bf16 = nil
    }

    /// The map followed by `activation` (BERT's intermediate block); exact GELU on the bf16 path is
    /// applied in the kernel's tile epilogue, while each tile is in cache.
    public func callAsFunction(_ x: Tensor, then activation: Activation) -> Tensor {
        if activation == .gelu, let bf16 { return bf16(x, gelu: true) }
        var out = self(x)
        out.data.withUnsafeMutableBufferPointer { activation.apply($0) }
        return out
    }

    /// Three maps of one input (attention's query, key and value), on the bf16 kernel in one call that
    /// rounds x once when all three have it; the same numbers as applying each.
    public static func apply(_ a: Linear, _ b: Linear, _ c: Linear, to x: Tensor) -> (Tensor, Tensor, Tensor) {
        if let ka = a.bf16, let kb = b.bf16, let kc = c.bf16 { return BF16Linear.apply(ka, kb, kc, to: x) }
        return (a(x), b(x), c(x))
    }

    /// Applies the map to every row of `x` ([..., in] → [..., out]).
    public func callAsFunction(_ x: Tensor) -> Tensor {
        precondition(x.lastDim == inFeatures, "Linear expects width \(inFeatures), got \(x.lastDim)")
        if let bf16 { return bf16(x) }
        let rows = x.rows, n = outFeatures, k = inFeatures
        var out = Tensor(uninitialized: Array(x.shape.dropLast()) + [n])
        if rows == 0 { return out }
        out.data.withUnsafeMutableBufferPointer { y in
            if let bias {
                // Seed C with the bias and accumulate (beta = 1): one pass instead of two.
                bias.data.withUnsafeBufferPointer { b in
                    for r in 0..<rows { (y.baseAddress! + r * n).update(from: b.baseAddress!, count: n) }
                }
            }
            x.data.withUnsafeBufferPointer { a in
                weight.data.withUnsafeBufferPointer { w in
                    if rows == 1 {
                        // Decoding feeds one token at a time: a matrix-vector product.
                        GEMM.multiplyVector(m: n, n: k, a: w.baseAddress!, lda: k, x: a.baseAddress!, beta: bias == nil ? 0 : 1, y: y.baseAddress!)
                        return
                    }
                    GEMM.multiply(
                        transB: true, m: rows, n: n, k: k, a: a.baseAddress!, lda: k, b: w.baseAddress!, ldb: k,
                        beta: bias == nil ? 0 : 1, c: y.baseAddress!, ldc: n)
                }
            }
        }
        return out
    }
}
