/// How encodings are padded, as the reference's `PaddingStrategy` (always on the right).
public enum Padding: String, Sendable, CaseIterable {
    case none = "do_not_pad"
    /// Pad to the longest encoding of the batch.
    case longest
    /// Pad to the maximum length.
    case maxLength = "max_length"
}

extension RoCBertTokenizer {
    /// Appends padding up to `length`. Shape and pronunciation ids are padded with the
    /// [PAD] *vocabulary* id, as the reference does, not with a table entry.
    func pad(_ encoding: inout Encoding, to length: Int) {
        let n = length - encoding.count
        guard n > 0 else { return }
        encoding.tokens += Array(repeating: options.padToken, count: n)
        encoding.inputIds += Array(repeating: padTokenId, count: n)
        encoding.inputShapeIds? += Array(repeating: padTokenId, count: n)
        encoding.inputPronunciationIds? += Array(repeating: padTokenId, count: n)
        encoding.tokenTypeIds += Array(repeating: 0, count: n)
        encoding.attentionMask += Array(repeating: 0, count: n)
        encoding.specialTokensMask += Array(repeating: 1, count: n)
        encoding.offsets += Array(repeating: nil, count: n)
        encoding.sequenceIds += Array(repeating: nil, count: n)
    }
}
