/// `RoCBertAttention`: self- or cross-attention followed by `RoCBertSelfOutput` (dense, residual, LayerNorm).
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

    /// Self-attention block output and, when asked, its probabilities.
    public func callAsFunction(_ hidden: Tensor, mask: AttentionMask, headMask: [Float]?, wantProbabilities: Bool, cache: KeyValueCache? = nil) -> (Tensor, Tensor?) {
        let (context, probs) = selfAttention(hidden, mask: mask, headMask: headMask, wantProbabilities: wantProbabilities, cache: cache)
        return (output(context, residual: hidden), probs)
    }

    /// Cross-attention block over encoder states (or the keys and values cached from them).
    public func crossAttend(_ hidden: Tensor, encoderStates: Tensor, mask: AttentionMask, headMask: [Float]?, wantProbabilities: Bool, cache: KeyValueCache?) -> (Tensor, Tensor?) {
        let (context, probs) = selfAttention.crossAttend(hidden, encoderStates: encoderStates, mask: mask, headMask: headMask, wantProbabilities: wantProbabilities, cache: cache)
        return (output(context, residual: hidden), probs)
    }

    private func output(_ context: Tensor, residual: Tensor) -> Tensor {
        var out = outputDense(context.reshaped(residual.shape))
        outputLayerNorm.apply(&out, residual: residual)
        return out
    }
}
