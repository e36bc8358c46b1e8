/// `RoCBertEncoder`: the stack of layers, collecting hidden states and attentions when asked.
public struct RoCBertEncoder: Sendable {
    let layers: [RoCBertLayer]

    /// Binds `prefix.layer.{i}.*` for every layer of the config.
    public init(_ w: WeightBinder, _ prefix: String, config c: RoCBertConfig) throws {
        layers = try (0..<c.numHiddenLayers).map { try RoCBertLayer(w, "\(prefix).layer.\($0)", config: c) }
    }

    /// What the stack returns; hidden states include the embeddings first, as the reference returns them.
    struct Output {
        var last: Tensor
        var hiddenStates: [Tensor]?
        var attentions: [Tensor]?
        var crossAttentions: [Tensor]?
    }

    /// Runs every layer.
    func callAsFunction(
        _ embeddings: Tensor, mask: AttentionMask, inputs: RoCBertInputs, heads: Int,
        cache: DecoderCache?, encoder: (states: Tensor, mask: AttentionMask)?,
        outputHiddenStates: Bool, outputAttentions: Bool
    ) throws -> Output {
        var out = Output(last: embeddings, hiddenStates: outputHiddenStates ? [] : nil,
                         attentions: outputAttentions ? [] : nil, crossAttentions: outputAttentions && encoder != nil ? [] : nil)
        for (i, layer) in layers.enumerated() {
            out.hiddenStates?.append(out.last)
            let step = try layer(
                out.last, mask: mask, headMask: inputs.headMask(layer: i, heads: heads), wantProbabilities: outputAttentions,
                cache: cache?.selfAttention[i], cross: encoder.map { ($0.states, $0.mask, cache?.crossAttention?[i]) })
            out.last = step.hidden
            if let p = step.selfAttention { out.attentions?.append(p) }
            if let p = step.crossAttention { out.crossAttentions?.append(p) }
        }
        out.hiddenStates?.append(out.last)
        return out
    }
}
