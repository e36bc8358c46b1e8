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
        if seqLength > config.maxPositionEmbeddings {
            throw RoCBertError(source, "sequence length \(seqLength) exceeds max_position_embeddings \(config.maxPositionEmbeddings); truncate the text")
        }
        func check(_ name: String, _ ids: [Int]?, below limit: Int, limitName: String) throws {
            guard let ids else { return }
            guard ids.count == n else { throw RoCBertError(source, "\(name) has \(ids.count) values, expected \(batch)×\(seqLength)") }
            if let i = ids.firstIndex(where: { $0 < 0 || $0 >= limit }) {
                throw RoCBertError(source, "\(name)[\(i / seqLength)][\(i % seqLength)] = \(ids[i]) is outside \(limitName) \(limit)")
            }
        }
        try check("input_ids", inputIds, below: config.vocabSize, limitName: "vocab_size")
        try check("input_shape_ids", inputShapeIds, below: config.shapeVocabSize, limitName: "shape_vocab_size")
        try check("input_pronunciation_ids", inputPronunciationIds, below: config.pronunciationVocabSize, limitName: "pronunciation_vocab_size")
        try check("token_type_ids", tokenTypeIds, below: config.typeVocabSize, limitName: "type_vocab_size")
        try check("position_ids", positionIds, below: config.maxPositionEmbeddings, limitName: "max_position_embeddings")
        if let m = attentionMask, m.count != n {
            throw RoCBertError(source, "attention_mask has \(m.count) values, expected \(batch)×\(seqLength)")
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
