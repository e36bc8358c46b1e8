import RoCBertAttack
import RoCBertCore

extension VictimInput {
    /// The model input for an example of `task` whose attacked text is `text` (the example's own
    /// text when clean): the attacked text is the QA context and the multiple-choice stem. With
    /// `perturb: .second` it is the pair, or the gold choice among the others (see `segments`).
    public init(example e: DatasetExample, text: String, task: AttackTask, perturb: PerturbedSegment = .first) {
        if perturb == .second {
            if task == .multipleChoice, let label = e.label, e.choices.indices.contains(label) {
                var choices = e.choices
                choices[label] = text
                self.init(text: e.text, choices: choices)
                return
            }
            if task == .sequenceClassification, e.pair != nil {
                self.init(text: e.text, pair: text)
                return
            }
        }
        switch task {
        case .questionAnswering: self.init(text: e.question ?? "", pair: text)
        case .multipleChoice: self.init(text: text, choices: e.choices)
        case .sequenceClassification, .tokenClassification, .maskedLM: self.init(text: text, pair: e.pair)
        }
    }
}

extension VictimOutput {
    /// How many scalars of the attacked text the model read, where `VictimInput(example:text:task:perturb:)`
    /// placed it; nil when it read all of it.
    public func readPrefixOfAttackedText(_ e: DatasetExample, task: AttackTask, perturb: PerturbedSegment = .first) -> Int? {
        if perturb == .second {
            if task == .multipleChoice, let label = e.label, e.choices.indices.contains(label) {
                return readPrefix.choices.indices.contains(label) ? readPrefix.choices[label] : nil
            }
            if task == .sequenceClassification, e.pair != nil { return readPrefix.pair }
        }
        switch task {
        case .questionAnswering: return readPrefix.pair
        case .multipleChoice, .sequenceClassification, .tokenClassification, .maskedLM: return readPrefix.text
        }
    }
}
