import RoCBertCore
/// `Linear` run through the bf16 kernel: the weight packed once, the bias kept in fp32.
public struct BF16Linear: Sendable {
    /// The packed weight.
    public let weights: BF16Weights
    /// Bias added in fp32 (nil for none).
    public let bias: Tensor?

    /// Packs an fp32 `Linear` (the layer itself is left untouched).
    public init(_ linear: Linear) {
        self.init(weight: linear.weight, bias: linear.bias)
    }

    /// Packs `weight` ([out, in]); `bias` stays fp32.
    public init(weight: Tensor, bias: Tensor?) {
        weights = BF16Weights(weight)
        self.bias = bias
    }

    /// Packs `weight` as bf16x3 (see `Precision.bf16x3`); nil without the AMX path, where sgemm is the faster fp32.
    public init?(bf16x3Weight weight: Tensor, bias: Tensor?) {
        guard let packed = BF16Weights(bf16x3: weight) else { return nil }
        weights = packed
        self.bias = bias
    }

    /// Applies the map to every row of `x` ([..., in] → [..., out]), then exact GELU if `gelu`
    /// (in the kernel's tile epilogue, while each tile is in cache).
    public func callAsFunction(_ x: Tensor, gelu: Bool = false) -> Tensor {
        precondition(x.lastDim == weights.inFeatures, "BF16Linear expects width \(weights.inFeatures), got \(x.lastDim)")
        var out = Tensor(uninitialized: Array(x.shape.dropLast()) + [weights.outFeatures])
        let rows = x.rows
        if rows == 0 { return out }
        out.data.withUnsafeMutableBufferPointer { y in
            x.data.withUnsafeBufferPointer { a in
                withOptionalPointer(bias) { b in weights.apply(a.baseAddress!, rows: rows, bias: b, into: y.baseAddress!, gelu: gelu) }
            }
        }
        return out
    }

    /// Three maps of one input (attention's query, key and value): the same numbers as applying each,
    /// with x rounded to bf16 once inside the kernel.
    public static func apply(_ a: BF16Linear, _ b: BF16Linear, _ c: BF16Linear, to x: Tensor) -> (Tensor, Tensor, Tensor) {
        for m in [a, b, c] {
            precondition(x.lastDim == m.weights.inFeatures, "BF16Linear expects width \(m.weights.inFeatures), got \(x.lastDim)")
        }
        func output(_ m: BF16Linear) -> Tensor { Tensor(uninitialized: Array(x.shape.dropLast()) + [m.weights.outFeatures]) }
        var ya = output(a), yb = output(b), yc = output(c)
        let rows = x.rows
        if rows == 0 { return (ya, yb, yc) }
        x.data.withUnsafeBufferPointer { xp in
            ya.data.withUnsafeMutableBufferPointer { pa in
                yb.data.withUnsafeMutableBufferPointer { pb in
                    yc.data.withUnsafeMutableBufferPointer { pc in
                        withOptionalPointer(a.bias) { ba in
                            withOptionalPointer(b.bias) { bb in
                                withOptionalPointer(c.bias) { bc in
                                    BF16Weights.applyShared(
                                        xp.baseAddress!, rows: rows, weights: [a.weights, b.weights, c.weights], biases: [ba, bb, bc],
                                        into: [pa.baseAddress!, pb.baseAddress!, pc.baseAddress!])
                                }
                            }
                        }
                    }
                }
            }
        }
        return (ya, yb, yc)
    }

    /// BERT's feed-forward block on the bf16 kernel: `self` then exact GELU then `output`, with the
    /// intermediate kept in bf16 inside the kernel (never an fp32 [rows, intermediate] tensor).
    public func feedForward(_ x: Tensor, output: BF16Linear) -> Tensor {
        precondition(x.lastDim == weights.inFeatures, "BF16Linear expects width \(weights.inFeatures), got \(x.lastDim)")
        var out = Tensor(uninitialized: Array(x.shape.dropLast()) + [output.weights.outFeatures])
        let rows = x.rows
        if rows == 0 { return out }
        out.data.withUnsafeMutableBufferPointer { y in
            x.data.withUnsafeBufferPointer { a in
                withOptionalPointer(bias) { b1 in
                    withOptionalPointer(output.bias) { b2 in
                        BF16Weights.feedForward(
                            a.baseAddress!, rows: rows, first: weights, firstBias: b1, second: output.weights, secondBias: b2,
                            into: y.baseAddress!)
                    }
                }
            }
        }
        return out
    }
}

/// Calls `body` with the tensor's storage, or with nil when there is no tensor.
private func withOptionalPointer<R>(_ t: Tensor?, _ body: (UnsafePointer<Float>?) -> R) -> R {
    (t?.data).withOptionalPointer(body)
}
