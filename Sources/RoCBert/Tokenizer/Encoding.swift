/// One encoded input (a text or a text pair), every array the same length.
public struct Encoding: Sendable, Equatable {
    /// Token strings, including [CLS]/[SEP]/[PAD].
    public var tokens: [String]
    /// Vocabulary ids; padding is the [PAD] id.
    public var inputIds: [Int]
    /// word_shape.json ids; added [CLS]/[SEP] take "[UNK]"'s, padding the [PAD] vocabulary id.
    /// Nil from a BERT tokenizer.
    public var inputShapeIds: [Int]?
    /// word_pronunciation.json ids; added [CLS]/[SEP] take "[UNK]"'s, padding the [PAD] vocabulary id.
    /// Nil from a BERT tokenizer.
    public var inputPronunciationIds: [Int]?
    /// 0 for the first text and its [CLS]/[SEP], 1 for the pair and its [SEP], 0 for padding.
    public var tokenTypeIds: [Int]
    /// 1 for tokens, 0 for padding.
    public var attentionMask: [Int]
    /// 1 for added special tokens and padding, as the reference's `return_special_tokens_mask`.
    public var specialTokensMask: [Int]
    /// Unicode-scalar range of the source text each token covers; nil for added special tokens and padding.
    public var offsets: [Range<Int>?]
    /// 0 for tokens of the text, 1 for tokens of the pair, nil for added special tokens and padding.
    public var sequenceIds: [Int?]

    /// Number of tokens, padding included.
    public var count: Int { inputIds.count }

    /// Index of the token covering scalar `index` of text `sequence` (0 text, 1 pair), if any.
    public func tokenIndex(coveringScalar index: Int, inSequence sequence: Int = 0) -> Int? {
        for i in 0..<offsets.count where sequenceIds[i] == sequence {
            if let range = offsets[i], range.contains(index) { return i }
        }
        return nil
    }
}
