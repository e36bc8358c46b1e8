/// The baseline: visit editable slots in a seeded random order and apply one random admissible
/// candidate at each, querying after every edit, until the goal is reached or the limits stop it.
public struct RandomSearch: SearchMethod {
    public init() {}

    public func search(_ clean: PerturbedText, cleanOutput: VictimOutput, context: inout SearchContext) throws -> SearchOutcome {
        var current = SearchOutcome(text: clean, output: cleanOutput, result: context.goal.evaluate(cleanOutput, on: clean))
        for slot in context.editableSlots.shuffled(using: &context.random) {
            if context.queries.exhausted { break }
            let candidates = context.admissible(current.text, at: slot)
            guard let edit = candidates.randomElement(using: &context.random) else { continue }
            guard let s = try context.evaluate([current.text.applying(edit)]).first else { break }
            current = SearchOutcome(text: s.text, output: s.output, result: s.result)
            if s.result.reached { break }
        }
        return current
    }
}
