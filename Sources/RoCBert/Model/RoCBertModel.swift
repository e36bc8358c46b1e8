import Foundation

/// What `RoCBertModel` returns.
public struct RoCBertModelOutput: Sendable {
    /// [batch, seq, hidden].
    public var lastHiddenState: Tensor
    /// [batch, hidden], when the model has a pooler.
    public var poolerOutput: Tensor?
    /// Embeddings output then every layer's output, when asked.
    public var hiddenStates: [Tensor]?
    /// Every layer's attention probabilities [batch, heads, seq, keys], when asked.
    public var attentions: [Tensor]?
    /// Every layer's cross-attention probabilities, when asked and cross-attending.
    public var crossAttentions: [Tensor]?
    /// Decoders with use_cache: the cache, now holding this pass's tokens too.
    public var pastKeyValues: DecoderCache?
}

/// `RoCBertModel`: embeddings, encoder and optional pooler; a decoder when config.is_decoder.
/// With a `bert` config it is `BertModel`: the same layers without shape and pronunciation inputs.
public struct RoCBertModel: Sendable {
    public let config: RoCBertConfig
    let embeddings: RoCBertEmbeddings
    let encoder: RoCBertEncoder
    let pooler: RoCBertPooler?

    /// Binds `prefix.embeddings.*`, `prefix.encoder.*` and (with a pooler) `prefix.pooler.*`;
    /// the prefix defaults to the model type's (`roc_bert`, `bert`).
    public init(_ w: WeightBinder, prefix: String? = nil, config: RoCBertConfig, addPoolingLayer: Bool = true) throws {
        self.config = config
        let prefix = prefix ?? config.modelType.weightPrefix
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
        let b = inputs.batch
        // As in the reference, only decoders keep a cache, and they keep one unless told not to.
        let useCache = config.isDecoder && (inputs.useCache ?? config.useCache)
        let cache = useCache ? (inputs.pastKeyValues ?? DecoderCache(config: config, batch: b)) : inputs.pastKeyValues
        let past = cache?.length ?? 0
        let mask = AttentionMask(keep: inputs.attentionMask, batch: b, keyLength: past + inputs.seqLength, causal: config.isDecoder, pastLength: past)
        // Encoder states matter only to decoders, as in the reference.
        let encoder = config.isDecoder ? inputs.encoderHiddenStates.map { states in
            (states: states, mask: AttentionMask(keep: inputs.encoderAttentionMask, batch: b, keyLength: states.shape[1]))
        } : nil
        let e = embeddings(inputs, pastLength: past)
        let out = try self.encoder(
            e, mask: mask, inputs: inputs, heads: config.numAttentionHeads, cache: cache, encoder: encoder,
            outputHiddenStates: outputHiddenStates, outputAttentions: outputAttentions)
        return RoCBertModelOutput(
            lastHiddenState: out.last, poolerOutput: pooler?(out.last), hiddenStates: out.hiddenStates,
            attentions: out.attentions, crossAttentions: out.crossAttentions, pastKeyValues: useCache ? cache : nil)
    }
}
