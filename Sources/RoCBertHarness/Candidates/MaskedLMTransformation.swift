import RoCBertAttack

/// Masked-LM substitution: the checkpoint's masked-LM head fills the masked character in context,
/// and only fills the tables relate to the original (a homophone, near-homophone, look-alike or
/// traditional form) are kept, so the edit stays readable as the original.
public struct MaskedLMTransformation: Transformation {
    public let name = "masked-lm"
    let ranker: MaskedLMRanker
    let related: [any Transformation]
    /// How many of the head's likeliest fills are checked against the tables.
    let fillsConsidered: Int

    public init(ranker: MaskedLMRanker, related: [any Transformation], fillsConsidered: Int = 64) {
        self.ranker = ranker
        self.related = related
        self.fillsConsidered = fillsConsidered
    }

    public func candidates(_ text: PerturbedText, at slot: Int) -> [SlotEdit] {
        var why: [String: String] = [:]
        for t in related {
            for e in t.candidates(text, at: slot) where e.range.count == 1 && why[e.replacement] == nil { why[e.replacement] = e.justification }
        }
        guard !why.isEmpty, let fills = try? ranker.fills(text, slot: slot, count: fillsConsidered) else { return [] }
        return fills.compactMap { fill in
            why[fill.token].map { reason in
                edit(text, slot, fill.token, "\(String(text.original[slot])) → \(fill.token) p=\(String(format: "%.4f", fill.probability)) in context; \(reason)")
            }
        }
    }
}
