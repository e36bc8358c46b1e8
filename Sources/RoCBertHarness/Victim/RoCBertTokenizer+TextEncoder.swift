import RoCBert
import RoCBertAttack

/// The checkpoint's tokenizer as the victims' encoder: longest-first truncation to the model's length.
extension RoCBertTokenizer: TextEncoder {
    public func encode(_ text: String, pair: String?, maxLength: Int) throws -> TokenizedInput {
        let e = encode(text, pair: pair, maxLength: maxLength, truncation: .longestFirst)
        var t = TokenizedInput(inputIds: e.inputIds, shapeIds: e.inputShapeIds, pronunciationIds: e.inputPronunciationIds,
                               tokenTypeIds: e.tokenTypeIds, offsets: e.offsets)
        // Only an encoding that fills the window can have been cut; encode once more to know.
        guard e.count >= maxLength else { return t }
        let whole = encode(text, pair: pair)
        guard whole.count > maxLength else { return t }
        t.truncated = true
        t.readPrefix = ReadPrefix(text: Self.keptPrefix(of: 0, cut: e, whole: whole),
                                  pair: pair == nil ? nil : Self.keptPrefix(of: 1, cut: e, whole: whole))
        return t
    }

    /// The scalars of segment `sequence` (0 text, 1 pair) that `cut` still covers, or nil when it kept
    /// every token of it. Truncation drops a segment's last tokens, so this is where its last kept token
    /// ends; read from the offsets, it is exact under WordPiece too, where a cut may fall inside a word.
    static func keptPrefix(of sequence: Int, cut: Encoding, whole: Encoding) -> Int? {
        let kept = cut.offsets.indices.filter { cut.sequenceIds[$0] == sequence }
        guard kept.count < whole.sequenceIds.filter({ $0 == sequence }).count else { return nil }
        return kept.compactMap { cut.offsets[$0]?.upperBound }.max() ?? 0
    }

    /// The reference pads shape and pronunciation ids with the [PAD] vocabulary id too.
    public var padding: (id: Int, shape: Int, pronunciation: Int) { (padTokenId, padTokenId, padTokenId) }
    public func token(_ id: Int) -> String { idToToken(id) }
    public var maskId: Int { maskTokenId }
}
