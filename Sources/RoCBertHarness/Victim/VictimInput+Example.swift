import RoCBertAttack
import RoCBertCore

extension VictimInput {
    /// The model input for an example of `task` whose attacked text is `text` (the example's own
    /// text when clean): the attacked text is the QA context and the multiple-choice stem.
    public init(example e: DatasetExample, text: String, task: AttackTask) {
        switch task {
        case .questionAnswering: self.init(text: e.question ?? "", pair: text)
        case .multipleChoice: self.init(text: text, choices: e.choices)
        case .sequenceClassification, .tokenClassification, .maskedLM: self.init(text: text, pair: e.pair)
        }
    }
}
