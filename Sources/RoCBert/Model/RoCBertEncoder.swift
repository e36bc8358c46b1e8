/// `RoCBertEncoder`: the stack of layers, collecting hidden states and attentions when asked.
public struct RoCBertEncoder: Sendable {
    let layers: [RoCBertLayer]

    /// Binds `prefix.layer.{i}.*` for every layer of the config.
    public init(_ w: WeightBinder, _ prefix: String, config c: RoCBertConfig) throws {
        layers = try (0..<c.numHiddenLayers).map { try RoCBertLayer(w, "\(prefix).layer.\($0)", config: c) }
    }

    /// Runs every layer; hidden states include the embeddings first, as the reference returns them.
    public func callAsFunction(
        _ embeddings: Tensor, mask: AttentionMask, inputs: RoCBertInputs, heads: Int,
        outputHiddenStates: Bool, outputAttentions: Bool
    ) -> (last: Tensor, hiddenStates: [Tensor]?, attentions: [Tensor]?) {
        var h = embeddings
        var states: [Tensor]? = outputHiddenStates ? [] : nil
        var attentions: [Tensor]? = outputAttentions ? [] : nil
        for (i, layer) in layers.enumerated() {
            states?.append(h)
            let (next, probs) = layer(h, mask: mask, headMask: inputs.headMask(layer: i, heads: heads), wantProbabilities: outputAttentions)
            h = next
            if let probs { attentions?.append(probs) }
        }
        states?.append(h)
        return (h, states, attentions)
    }
}
