import Foundation

/// What `RoCBertModel` returns.
public struct RoCBertModelOutput: Sendable {
    /// [batch, seq, hidden].
    public var lastHiddenState: Tensor
    /// [batch, hidden], when the model has a pooler.
    public var poolerOutput: Tensor?
    /// Embeddings output then every layer's output, when asked.
    public var hiddenStates: [Tensor]?
    /// Every layer's attention probabilities [batch, heads, seq, seq], when asked.
    public var attentions: [Tensor]?
}

/// `RoCBertModel`: embeddings, encoder and optional pooler.
public struct RoCBertModel: Sendable {
    public let config: RoCBertConfig
    let embeddings: RoCBertEmbeddings
    let encoder: RoCBertEncoder
    let pooler: RoCBertPooler?

    /// Binds `prefix.embeddings.*`, `prefix.encoder.*` and (with a pooler) `prefix.pooler.*`.
    public init(_ w: WeightBinder, prefix: String = "roc_bert", config: RoCBertConfig, addPoolingLayer: Bool = true) throws {
        self.config = config
        let p = prefix.isEmpty ? "" : prefix + "."
        embeddings = try RoCBertEmbeddings(w, p + "embeddings", config: config)
        encoder = try RoCBertEncoder(w, p + "encoder", config: config)
        pooler = addPoolingLayer ? try RoCBertPooler(w, p + "pooler", config: config) : nil
    }

    /// The word embedding table (the masked-LM decoder is tied to it).
    public var wordEmbeddings: Tensor { embeddings.wordEmbeddings.weight }

    /// The forward pass; inputs are validated first.
    public func callAsFunction(_ inputs: RoCBertInputs, outputHiddenStates: Bool = false, outputAttentions: Bool = false) throws -> RoCBertModelOutput {
        try inputs.validate(config)
        let mask = AttentionMask(keep: inputs.attentionMask, batch: inputs.batch, keyLength: inputs.seqLength, causal: config.isDecoder)
        let e = embeddings(inputs)
        let (last, states, attentions) = encoder(
            e, mask: mask, inputs: inputs, heads: config.numAttentionHeads,
            outputHiddenStates: outputHiddenStates, outputAttentions: outputAttentions)
        return RoCBertModelOutput(lastHiddenState: last, poolerOutput: pooler?(last), hiddenStates: states, attentions: attentions)
    }
}
