/// `RoCBertLayer`: attention, then the feed-forward block (`intermediate` and `output`).
public struct RoCBertLayer: Sendable {
    let attention: RoCBertAttention
    /// `intermediate.dense` followed by hidden_act.
    let intermediateDense: Linear
    let activation: Activation
    /// `output.dense` and `output.LayerNorm` of `RoCBertOutput`.
    let outputDense: Linear
    let outputLayerNorm: LayerNorm

    /// Binds `prefix.attention.*`, `prefix.intermediate.*`, `prefix.output.*`.
    public init(_ w: WeightBinder, _ prefix: String, config c: RoCBertConfig) throws {
        attention = try RoCBertAttention(w, prefix + ".attention", config: c, positionType: c.positionEmbeddingType)
        intermediateDense = try Linear(w, prefix + ".intermediate.dense", in: c.hiddenSize, out: c.intermediateSize)
        activation = c.hiddenAct
        outputDense = try Linear(w, prefix + ".output.dense", in: c.intermediateSize, out: c.hiddenSize)
        outputLayerNorm = try LayerNorm(w, prefix + ".output.LayerNorm", size: c.hiddenSize, eps: c.layerNormEps)
    }

    /// One transformer block.
    public func callAsFunction(_ hidden: Tensor, mask: AttentionMask, headMask: [Float]?, wantProbabilities: Bool) -> (Tensor, Tensor?) {
        let (attended, probs) = attention(hidden, mask: mask, headMask: headMask, wantProbabilities: wantProbabilities)
        var inner = intermediateDense(attended)
        inner.data.withUnsafeMutableBufferPointer { activation.apply($0) }
        var out = outputDense(inner)
        outputLayerNorm.apply(&out, residual: attended)
        return (out, probs)
    }
}
