import RoCBert

/// The checkpoint's tokenizer as the victims' encoder: longest-first truncation to the model's length.
extension RoCBertTokenizer: TextEncoder {
    public func encode(_ text: String, pair: String?, maxLength: Int) throws -> TokenizedInput {
        let e = encode(text, pair: pair, maxLength: maxLength, truncation: .longestFirst)
        var t = TokenizedInput(inputIds: e.inputIds, shapeIds: e.inputShapeIds, pronunciationIds: e.inputPronunciationIds,
                               tokenTypeIds: e.tokenTypeIds, offsets: e.offsets)
        // Only an encoding that fills the window can have been cut; encode once more to know.
        t.truncated = e.count >= maxLength && encode(text, pair: pair).count > maxLength
        return t
    }

    /// The reference pads shape and pronunciation ids with the [PAD] vocabulary id too.
    public var padding: (id: Int, shape: Int, pronunciation: Int) { (padTokenId, padTokenId, padTokenId) }
    public func token(_ id: Int) -> String { idToToken(id) }
    public var maskId: Int { maskTokenId }
}
