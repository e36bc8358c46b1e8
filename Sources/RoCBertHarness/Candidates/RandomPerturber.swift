import RoCBertAttack
import RoCBertCore

/// Perturbs a text without a model: a seeded choice of editable slots, each rewritten by one of its
/// best candidates. Makes the attacked copies RoCBert-style training reads, and `rocbert perturb
/// --apply` output; the same seed gives the same text.
public struct RandomPerturber {
    let candidates: (PerturbedText, Int) -> [SlotEdit]
    /// Share of editable characters rewritten (at least one when any is editable).
    let ratio: Double
    /// Each rewritten slot picks among this many of its best candidates.
    let topK: Int

    public init(candidates: @escaping (PerturbedText, Int) -> [SlotEdit], ratio: Double, topK: Int) {
        self.candidates = candidates
        self.ratio = ratio
        self.topK = topK
    }

    /// The perturbed text; `editable` are the slots the constraints allow.
    public func perturb(_ text: String, editable: [Int], random: inout SplitMix64) -> PerturbedText {
        var current = PerturbedText(text)
        let wanted = editable.isEmpty ? 0 : max(1, Int((Double(editable.count) * ratio).rounded()))
        for slot in editable.shuffled(using: &random) where current.perturbedCharacters < wanted {
            let modified = current.modifiedSlots
            let options = candidates(current, slot).filter { !$0.range.contains(where: modified.contains) }.prefix(topK)
            guard let pick = options.randomElement(using: &random) else { continue }
            current = current.applying(pick)
        }
        return current
    }
}
