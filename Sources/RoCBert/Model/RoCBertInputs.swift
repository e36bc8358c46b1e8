import RoCBertCore
/// The tensors a forward pass takes, with the reference's names; each [batch, seqLength] row-major.
public struct RoCBertInputs: Sendable {
    public var batch: Int
    public var seqLength: Int
    public var inputIds: [Int]
    public var inputShapeIds: [Int]?
    public var inputPronunciationIds: [Int]?
    /// 1 for tokens to attend to, 0 for padding.
    public var attentionMask: [Float]?
    public var tokenTypeIds: [Int]?
    public var positionIds: [Int]?
    /// Multiplies attention probabilities: [numHeads] for every layer, or [numLayers × numHeads].
    public var headMask: [Float]?
    /// Decoders with cross-attention: the encoder's output [batch, encSeq, hidden] and its mask.
    public var encoderHiddenStates: Tensor?
    public var encoderAttentionMask: [Float]?
    /// Decoders: keys and values of the tokens already seen; the pass appends to it.
    public var pastKeyValues: DecoderCache?
    /// Decoders: keep a cache (nil follows config.use_cache, as the reference does).
    public var useCache: Bool?

    public init(
        batch: Int, seqLength: Int, inputIds: [Int], inputShapeIds: [Int]? = nil,
        inputPronunciationIds: [Int]? = nil, attentionMask: [Float]? = nil, tokenTypeIds: [Int]? = nil,
        positionIds: [Int]? = nil, headMask: [Float]? = nil
    ) {
        self.batch = batch
        self.seqLength = seqLength
        self.inputIds = inputIds
        self.inputShapeIds = inputShapeIds
        self.inputPronunciationIds = inputPronunciationIds
        self.attentionMask = attentionMask
        self.tokenTypeIds = tokenTypeIds
        self.positionIds = positionIds
        self.headMask = headMask
    }

    /// Checks sizes and id ranges against the config, so a bad id is an error instead of a crash.
    public func validate(_ config: RoCBertConfig, source: String = "inputs") throws {
        let n = batch * seqLength
        guard batch >= 1, seqLength >= 1 else { throw RoCBertError(source, "input_ids is empty") }
        let past = pastKeyValues?.length ?? 0
        if seqLength + past > config.maxPositionEmbeddings {
            let what = past > 0 ? "sequence length \(seqLength) after \(past) cached tokens" : "sequence length \(seqLength)"
            throw RoCBertError(source, "\(what) exceeds max_position_embeddings \(config.maxPositionEmbeddings); truncate the text")
        }
        if let cache = pastKeyValues {
            guard cache.selfAttention.count == config.numHiddenLayers, cache.selfAttention.allSatisfy({ $0.batch == batch && $0.width == config.hiddenSize }) else {
                throw RoCBertError(source, "past_key_values do not match the model (\(config.numHiddenLayers) layers, batch \(batch), width \(config.hiddenSize))")
            }
        }
        if let e = encoderHiddenStates {
            guard e.shape.count == 3, e.shape[0] == batch, e.shape[2] == config.hiddenSize else {
                throw RoCBertError(source, "encoder_hidden_states has shape \(e.shape), expected [\(batch), length, \(config.hiddenSize)]")
            }
            if let m = encoderAttentionMask, m.count != batch * e.shape[1] {
                throw RoCBertError(source, "encoder_attention_mask has \(m.count) values, expected \(batch)×\(e.shape[1])")
            }
        }
        func check(_ name: String, _ ids: [Int]?, below limit: Int, limitName: String) throws {
            guard let ids else { return }
            guard ids.count == n else { throw RoCBertError(source, "\(name) has \(ids.count) values, expected \(batch)×\(seqLength)") }
            if let i = ids.firstIndex(where: { $0 < 0 || $0 >= limit }) {
                throw RoCBertError(source, "\(name)[\(i / seqLength)][\(i % seqLength)] = \(ids[i]) is outside \(limitName) \(limit)")
            }
        }
        try check("input_ids", inputIds, below: config.vocabSize, limitName: "vocab_size")
        if !config.hasSideInputs, inputShapeIds != nil || inputPronunciationIds != nil {
            // BertModel takes no such argument; ids it would drop unseen are a caller's mistake.
            throw RoCBertError(source, "a \(config.modelType.rawValue) model has no shape or pronunciation inputs; leave out input_shape_ids and input_pronunciation_ids")
        }
        try check("input_shape_ids", inputShapeIds, below: config.shapeVocabSize, limitName: "shape_vocab_size")
        try check("input_pronunciation_ids", inputPronunciationIds, below: config.pronunciationVocabSize, limitName: "pronunciation_vocab_size")
        try check("token_type_ids", tokenTypeIds, below: config.typeVocabSize, limitName: "type_vocab_size")
        try check("position_ids", positionIds, below: config.maxPositionEmbeddings, limitName: "max_position_embeddings")
        if let m = attentionMask, m.count != batch * (seqLength + past) {
            throw RoCBertError(source, "attention_mask has \(m.count) values, expected \(batch)×\(seqLength + past) (cached plus new tokens)")
        }
        if let h = headMask {
            let heads = config.numAttentionHeads
            guard h.count == heads || h.count == heads * config.numHiddenLayers else {
                throw RoCBertError(source, "head_mask has \(h.count) values, expected \(heads) or \(config.numHiddenLayers)×\(heads)")
            }
        }
    }

    /// Head-mask values for one layer, nil when every head is kept.
    func headMask(layer: Int, heads: Int) -> [Float]? {
        guard let h = headMask else { return nil }
        return h.count == heads ? h : Array(h[(layer * heads)..<((layer + 1) * heads)])
    }
}
