import Foundation
import RoCBert
import RoCBertAttack

/// Masked-LM guidance: mask the attacked character in the current text, ask a masked-LM checkpoint
/// how plausible each candidate is there, and keep the `topK` most plausible — fewer, more natural
/// queries than trying every candidate.
public final class MaskedLMRanker: @unchecked Sendable {
    let model: RoCBertForMaskedLM
    let tokenizer: RoCBertTokenizer
    public let topK: Int
    /// Rankings already computed, by current text and slot (beam and greedy revisit them).
    private var cache: [String: [String: Double]] = [:]
    private let lock = NSLock()

    /// Loads the masked-LM head (`cls.*` weights) and tokenizer of `directory`.
    public init(directory: URL, topK: Int) throws {
        model = try RoCBertForMaskedLM(directory: directory)
        tokenizer = try RoCBertTokenizer(directory: directory)
        self.topK = topK
    }

    /// Probability of each replacement text at `slot` of `text`; replacements that are not one
    /// vocabulary token get 0 (the model cannot say how plausible they are).
    public func plausibility(_ text: PerturbedText, slot: Int, replacements: [String]) throws -> [Double] {
        var masked = text.slots
        masked[slot] = tokenizer.options.maskToken
        let key = masked.joined() + "\u{0}\(slot)"
        let probabilities = try lock.withLock { () -> [String: Double] in
            if let hit = cache[key] { return hit }
            let e = tokenizer.encode(masked.joined(), maxLength: model.config.maxPositionEmbeddings, truncation: .longestFirst)
            guard let position = e.inputIds.firstIndex(of: tokenizer.maskTokenId) else { return [:] }
            let out = try model(RoCBertInputs(batch: 1, seqLength: e.count, inputIds: e.inputIds, inputShapeIds: e.inputShapeIds,
                                              inputPronunciationIds: e.inputPronunciationIds, tokenTypeIds: e.tokenTypeIds))
            let v = model.config.vocabSize
            let row = Tensor(shape: [1, v], data: Array(out.logits.data[(position * v)..<((position + 1) * v)]))
            let p = softmaxRows(row)[0]
            var byToken: [String: Double] = [:]
            for r in Set(replacements) {
                let ids = tokenizer.encode(r, addSpecialTokens: false).inputIds
                byToken[r] = ids.count == 1 && ids[0] != tokenizer.unkTokenId ? p[ids[0]] : 0
            }
            cache[key] = byToken
            return byToken
        }
        return replacements.map { probabilities[$0] ?? 0 }
    }

    /// The search's ranker: candidates at a slot ordered by plausibility (ties keep their order), top K kept.
    public func rank(_ text: PerturbedText, _ slot: Int, _ candidates: [SlotEdit]) -> [SlotEdit] {
        guard !candidates.isEmpty, let p = try? plausibility(text, slot: slot, replacements: candidates.map(\.replacement)) else {
            return Array(candidates.prefix(topK))
        }
        return candidates.indices.sorted { p[$0] != p[$1] ? p[$0] > p[$1] : $0 < $1 }.prefix(topK).map { candidates[$0] }
    }
}
