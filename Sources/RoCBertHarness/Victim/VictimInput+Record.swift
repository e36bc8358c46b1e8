import RoCBertAttack
import RoCBertCore
import RoCBertStore

extension VictimInput {
    /// The model input a recorded text was read in, rebuilt from the record alone: `text` (the record's
    /// clean or attacked text) goes where the run's attack edited, beside the segments the record holds
    /// fixed — the pair or QA question (`pairText`), the multiple-choice stem and choices.
    ///
    /// The inverse of `DatasetExample.segments`: a record keeps the edited segment as its clean text and
    /// the other one as its pair, so `perturb: second` swaps them back.
    public init(record r: ExampleRecord, text: String, task: AttackTask, perturb: PerturbedSegment) throws {
        switch (task, perturb) {
        case (.multipleChoice, .second):
            guard var choices = r.choices, let label = Int(r.label), choices.indices.contains(label) else {
                throw HarnessError("example \(r.exampleIndex): a multiple-choice record needs its choices and a gold index among them")
            }
            choices[label] = text
            self.init(text: r.pairText ?? "", choices: choices)
        case (.multipleChoice, _):
            guard let choices = r.choices else { throw HarnessError("example \(r.exampleIndex): the record holds no choices (recorded before schema version 7)") }
            self.init(text: text, choices: choices)
        case (.sequenceClassification, .second):
            self.init(text: r.pairText ?? "", pair: text)
        case (.questionAnswering, _):
            self.init(text: r.pairText ?? "", pair: text)
        case (.sequenceClassification, _), (.tokenClassification, _), (.maskedLM, _):
            self.init(text: text, pair: r.pairText)
        }
    }
}
