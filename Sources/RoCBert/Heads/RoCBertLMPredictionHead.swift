/// `RoCBertOnlyMLMHead.predictions`: transform (dense, act, LayerNorm) then the decoder, tied to the word embeddings.
public struct RoCBertLMPredictionHead: Sendable {
    let transformDense: Linear
    let activation: Activation
    let transformLayerNorm: LayerNorm
    let decoder: Linear

    /// Binds `prefix.transform.*`, `prefix.bias` and, when untied, `prefix.decoder.weight`.
    public init(_ w: WeightBinder, _ prefix: String, config c: RoCBertConfig, wordEmbeddings: Tensor) throws {
        transformDense = try Linear(w, prefix + ".transform.dense", in: c.hiddenSize, out: c.hiddenSize)
        activation = c.hiddenAct
        transformLayerNorm = try LayerNorm(w, prefix + ".transform.LayerNorm", size: c.hiddenSize, eps: c.layerNormEps)
        // decoder.bias is the same parameter as `bias`; files keep one name or both.
        let biasKey = w.contains(prefix + ".bias") ? prefix + ".bias" : prefix + ".decoder.bias"
        let bias = try w.tensor(biasKey, shape: [c.vocabSize])
        w.markUsedIfPresent(prefix + ".decoder.bias")
        if c.tieWordEmbeddings {
            // transformers re-ties after loading, so a stored decoder.weight is never what runs.
            w.markUsedIfPresent(prefix + ".decoder.weight")
            decoder = Linear(weight: wordEmbeddings, bias: bias)
        } else {
            decoder = Linear(weight: try w.tensor(prefix + ".decoder.weight", shape: [c.vocabSize, c.hiddenSize]), bias: bias)
        }
    }

    /// [.., hidden] → vocabulary logits [.., vocab].
    public func callAsFunction(_ hidden: Tensor) -> Tensor {
        var x = transformDense(hidden, then: activation)
        transformLayerNorm.apply(&x)
        return decoder(x)
    }
}
