import Foundation

/// `RoCBertPooler`: tanh(dense(first token)).
public struct RoCBertPooler: Sendable {
    let dense: Linear

    /// Binds `prefix.dense`.
    public init(_ w: WeightBinder, _ prefix: String, config c: RoCBertConfig) throws {
        dense = try Linear(w, prefix + ".dense", in: c.hiddenSize, out: c.hiddenSize)
    }

    /// [batch, seq, hidden] → [batch, hidden].
    public func callAsFunction(_ hidden: Tensor) -> Tensor {
        let b = hidden.shape[0], s = hidden.shape[1], h = hidden.shape[2]
        var first = Tensor(zeros: [b, h])
        for i in 0..<b { first.data.replaceSubrange((i * h)..<((i + 1) * h), with: hidden.data[(i * s * h)..<(i * s * h + h)]) }
        var out = dense(first)
        for i in out.data.indices { out.data[i] = tanhf(out.data[i]) }
        return out
    }
}
