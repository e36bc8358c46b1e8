/// Beam search (TextAttack's BeamSearch): every step expands each of the `width` best texts by every
/// admissible edit at every editable slot, and keeps the `width` best; stops at the first text that
/// reaches the goal, when nothing improves, or when the budget is spent.
public struct BeamSearch: SearchMethod {
    public let width: Int

    public init(width: Int) {
        self.width = max(width, 1)
    }

    public func search(_ clean: PerturbedText, cleanOutput: VictimOutput, context: inout SearchContext) throws -> SearchOutcome {
        var best = SearchOutcome(text: clean, output: cleanOutput, result: context.goal.evaluate(cleanOutput, on: clean))
        var beam = [best]
        while !context.queries.exhausted {
            var expansions: [PerturbedText] = []
            var seen = Set<String>()
            for b in beam {
                for slot in context.editableSlots {
                    for edit in context.admissible(b.text, at: slot) {
                        let t = b.text.applying(edit)
                        if seen.insert(t.text).inserted { expansions.append(t) }
                    }
                }
            }
            if expansions.isEmpty { break }
            let scored = try context.evaluate(expansions)
            if scored.isEmpty { break }
            if let hit = scored.filter({ $0.result.reached }).max(by: { $0.result.score < $1.result.score }) {
                return SearchOutcome(text: hit.text, output: hit.output, result: hit.result)
            }
            let top = scored.sorted { $0.result.score > $1.result.score }.prefix(width)
            guard let first = top.first, first.result.score > best.result.score else { break }
            best = SearchOutcome(text: first.text, output: first.output, result: first.result)
            beam = top.map { SearchOutcome(text: $0.text, output: $0.output, result: $0.result) }
        }
        return best
    }
}
