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
    private var cache: [String: [Float]] = [:]
    private let lock = NSLock()

    /// Loads the masked-LM head (`cls.*` weights) and tokenizer of `directory`.
    public init(directory: URL, topK: Int) throws {
        model = try RoCBertForMaskedLM(directory: directory)
        tokenizer = try RoCBertTokenizer(directory: directory)
        self.topK = topK
    }

    /// The masked-LM head's distribution over the vocabulary at `slot` of `text` (the slot masked);
    /// nil when truncation cut the mask off.
    func distribution(_ text: PerturbedText, slot: Int) throws -> [Float]? {
        var masked = text.slots
        masked[slot] = tokenizer.options.maskToken
        let key = masked.joined() + "\u{0}\(slot)"
        return try lock.withLock { () -> [Float]? in
            if let hit = cache[key] { return hit }
            let e = tokenizer.encode(masked.joined(), maxLength: model.config.maxPositionEmbeddings, truncation: .longestFirst)
            guard let position = e.inputIds.firstIndex(of: tokenizer.maskTokenId) else { return nil }
            let out = try model(RoCBertInputs(batch: 1, seqLength: e.count, inputIds: e.inputIds, inputShapeIds: e.inputShapeIds,
                                              inputPronunciationIds: e.inputPronunciationIds, tokenTypeIds: e.tokenTypeIds))
            let v = model.config.vocabSize
            let row = Tensor(shape: [1, v], data: Array(out.logits.data[(position * v)..<((position + 1) * v)]))
            let p = softmaxRows(row)[0].map(Float.init)
            // A whole-vocabulary row per entry: keep the cache to the texts a search is still near.
            if cache.count >= 256 { cache.removeAll(keepingCapacity: true) }
            cache[key] = p
            return p
        }
    }

    /// Probability of each replacement text at `slot` of `text`; replacements that are not one
    /// vocabulary token get 0 (the model cannot say how plausible they are).
    public func plausibility(_ text: PerturbedText, slot: Int, replacements: [String]) throws -> [Double] {
        guard let p = try distribution(text, slot: slot) else { return replacements.map { _ in 0 } }
        return replacements.map { r in
            let ids = tokenizer.encode(r, addSpecialTokens: false).inputIds
            return ids.count == 1 && ids[0] != tokenizer.unkTokenId ? Double(p[ids[0]]) : 0
        }
    }

    /// The `count` likeliest single-character fills of `slot`, likeliest first.
    public func fills(_ text: PerturbedText, slot: Int, count: Int) throws -> [(token: String, probability: Double)] {
        guard let p = try distribution(text, slot: slot) else { return [] }
        return p.indices.sorted { p[$0] != p[$1] ? p[$0] > p[$1] : $0 < $1 }.lazy
            .map { (self.tokenizer.idToToken($0), Double(p[$0])) }
            .filter { $0.0.unicodeScalars.count == 1 && $0.0.unicodeScalars.first!.properties.isIdeographic }
            .prefix(count).map { $0 }
    }

    /// The search's ranker: candidates at a slot ordered by plausibility (ties keep their order), top K kept.
    public func rank(_ text: PerturbedText, _ slot: Int, _ candidates: [SlotEdit]) -> [SlotEdit] {
        guard !candidates.isEmpty, let p = try? plausibility(text, slot: slot, replacements: candidates.map(\.replacement)) else {
            return Array(candidates.prefix(topK))
        }
        return candidates.indices.sorted { p[$0] != p[$1] ? p[$0] > p[$1] : $0 < $1 }.prefix(topK).map { candidates[$0] }
    }
}
