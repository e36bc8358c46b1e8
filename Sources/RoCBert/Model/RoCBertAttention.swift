/// `RoCBertAttention`: self-attention followed by `RoCBertSelfOutput` (dense, residual, LayerNorm).
public struct RoCBertAttention: Sendable {
    let selfAttention: RoCBertSelfAttention
    /// `output.dense` and `output.LayerNorm` of `RoCBertSelfOutput`.
    let outputDense: Linear
    let outputLayerNorm: LayerNorm

    /// Binds `prefix.self.*` and `prefix.output.*`.
    public init(_ w: WeightBinder, _ prefix: String, config c: RoCBertConfig, positionType: RoCBertConfig.PositionEmbeddingType) throws {
        selfAttention = try RoCBertSelfAttention(w, prefix + ".self", config: c, positionType: positionType)
        outputDense = try Linear(w, prefix + ".output.dense", in: c.hiddenSize, out: c.hiddenSize)
        outputLayerNorm = try LayerNorm(w, prefix + ".output.LayerNorm", size: c.hiddenSize, eps: c.layerNormEps)
    }

    /// Attention block output and, when asked, its probabilities.
    public func callAsFunction(_ hidden: Tensor, mask: AttentionMask, headMask: [Float]?, wantProbabilities: Bool) -> (Tensor, Tensor?) {
        let (context, probs) = selfAttention(hidden, mask: mask, headMask: headMask, wantProbabilities: wantProbabilities)
        var out = outputDense(context.reshaped(hidden.shape))
        outputLayerNorm.apply(&out, residual: hidden)
        return (out, probs)
    }
}
