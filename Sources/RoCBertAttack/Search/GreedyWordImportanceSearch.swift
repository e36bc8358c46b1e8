/// TextAttack's greedy search by word importance: rank slots by how much deleting them (or replacing
/// them with [UNK]) moves the goal score, then at each slot in that order keep the best candidate if it
/// improves the score, until the goal is reached.
public struct GreedyWordImportanceSearch: SearchMethod {
    /// Reorders and trims a slot's candidates before they are queried (masked-LM guidance); nil keeps all.
    public let ranker: (@Sendable (PerturbedText, Int, [SlotEdit]) -> [SlotEdit])?

    public init(ranker: (@Sendable (PerturbedText, Int, [SlotEdit]) -> [SlotEdit])? = nil) {
        self.ranker = ranker
    }

    public func search(_ clean: PerturbedText, cleanOutput: VictimOutput, context: inout SearchContext) throws -> SearchOutcome {
        var current = SearchOutcome(text: clean, output: cleanOutput, result: context.goal.evaluate(cleanOutput, on: clean))
        let order = try importanceOrder(clean, baseline: current.result.score, context: context)
        for slot in order {
            if context.queries.exhausted { break }
            var candidates = context.admissible(current.text, at: slot)
            if let ranker { candidates = ranker(current.text, slot, candidates) }
            if candidates.isEmpty { continue }
            let scored = try context.evaluate(candidates.map { current.text.applying($0) })
            // Among candidates that reach the goal prefer the highest score, as among the rest.
            guard let best = scored.max(by: { ($0.result.reached ? 1 : 0, $0.result.score) < ($1.result.reached ? 1 : 0, $1.result.score) }) else { break }
            if best.result.reached {
                return SearchOutcome(text: best.text, output: best.output, result: best.result)
            }
            if best.result.score > current.result.score {
                current = SearchOutcome(text: best.text, output: best.output, result: best.result)
            }
        }
        return current
    }

    /// Slots scored per batch: the deleted texts of a long text are built a batch at a time, and no
    /// more once the query budget runs out, so cost follows the budget, not the text's length squared.
    static let importanceBatch = 64

    /// Editable slots, most important first (ties in text order).
    func importanceOrder(_ clean: PerturbedText, baseline: Double, context: SearchContext) throws -> [Int] {
        let slots = context.editableSlots
        var importance = [Int: Double]()
        var start = 0
        while start < slots.count && !context.queries.exhausted {
            let part = slots[start..<min(start + Self.importanceBatch, slots.count)]
            // Saliency texts are edits too, so a goal reading positions sees which slot is gone.
            let texts = part.map { clean.applying(clean.saliencyEdit(at: $0, token: context.saliencyToken)) }
            let scored = try context.evaluate(texts)
            for (slot, s) in zip(part, scored) { importance[slot] = s.result.score - baseline }
            if scored.count < part.count { break }
            start += part.count
        }
        // Slots the budget left unscored go last, in text order.
        return slots.enumerated().sorted { a, b in
            let x = importance[a.element] ?? -.infinity, y = importance[b.element] ?? -.infinity
            return x != y ? x > y : a.offset < b.offset
        }.map(\.element)
    }
}
