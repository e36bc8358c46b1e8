import RoCBertCore
/// `RoCBertLayer`: self-attention, cross-attention (decoders with add_cross_attention), then the
/// feed-forward block (`intermediate` and `output`).
public struct RoCBertLayer: Sendable {
    let attention: RoCBertAttention
    /// `crossattention`, always with absolute positions as in the reference.
    let crossAttention: RoCBertAttention?
    /// `intermediate.dense` followed by hidden_act.
    let intermediateDense: Linear
    let activation: Activation
    /// `output.dense` and `output.LayerNorm` of `RoCBertOutput`.
    let outputDense: Linear
    let outputLayerNorm: LayerNorm

    /// Binds `prefix.attention.*`, `prefix.crossattention.*`, `prefix.intermediate.*`, `prefix.output.*`.
    public init(_ w: WeightBinder, _ prefix: String, config c: RoCBertConfig) throws {
        attention = try RoCBertAttention(w, prefix + ".attention", config: c, positionType: c.positionEmbeddingType)
        crossAttention = c.addCrossAttention ? try RoCBertAttention(w, prefix + ".crossattention", config: c, positionType: .absolute) : nil
        intermediateDense = try Linear(w, prefix + ".intermediate.dense", in: c.hiddenSize, out: c.intermediateSize)
        activation = c.hiddenAct
        outputDense = try Linear(w, prefix + ".output.dense", in: c.intermediateSize, out: c.hiddenSize)
        outputLayerNorm = try LayerNorm(w, prefix + ".output.LayerNorm", size: c.hiddenSize, eps: c.layerNormEps)
    }

    /// What one block returns: its output and, when asked, the self- and cross-attention probabilities.
    struct Output {
        var hidden: Tensor
        var selfAttention: Tensor?
        var crossAttention: Tensor?
    }

    /// One transformer block; `cross` carries encoder states and their mask when the model decodes with cross-attention.
    func callAsFunction(
        _ hidden: Tensor, mask: AttentionMask, headMask: [Float]?, wantProbabilities: Bool,
        cache: KeyValueCache?, cross: (states: Tensor, mask: AttentionMask, cache: KeyValueCache?)?
    ) throws -> Output {
        var (attended, probs) = attention(hidden, mask: mask, headMask: headMask, wantProbabilities: wantProbabilities, cache: cache)
        var crossProbs: Tensor?
        if let cross {
            guard let crossAttention else {
                throw RoCBertError("inputs", "encoder_hidden_states given but the model has no cross-attention (add_cross_attention is false)")
            }
            (attended, crossProbs) = crossAttention.crossAttend(
                attended, encoderStates: cross.states, mask: cross.mask, headMask: headMask, wantProbabilities: wantProbabilities, cache: cross.cache)
        }
        var out: Tensor
        if activation == .gelu, let first = intermediateDense.bf16, let second = outputDense.bf16 {
            out = first.feedForward(attended, output: second)
        } else {
            out = outputDense(intermediateDense(attended, then: activation))
        }
        outputLayerNorm.apply(&out, residual: attended)
        return Output(hidden: out, selfAttention: probs, crossAttention: crossProbs)
    }
}
