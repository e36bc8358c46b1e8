import RoCBertAttack
import RoCBertCore

extension DatasetExample {
    /// Where an attack with `perturb` puts its text in this example's model input.
    func attackedSlot(task: AttackTask, perturb: PerturbedSegment) -> AttackedSlot {
        AttackedSlot(task: task, perturb: perturb, gold: label, choiceCount: choices.count, hasPair: pair != nil)
    }
}

extension VictimInput {
    /// The model input for an example of `task` whose attacked text is `text` (the example's own
    /// text when clean): the attacked text is the QA context and the multiple-choice stem. With
    /// `perturb: .second` it is the pair, or the gold choice among the others (see `segments`).
    public init(example e: DatasetExample, text: String, task: AttackTask, perturb: PerturbedSegment = .first) {
        let clean: VictimInput
        switch task {
        case .questionAnswering: clean = VictimInput(text: e.question ?? "", pair: e.text)
        case .multipleChoice: clean = VictimInput(text: e.text, choices: e.choices)
        case .sequenceClassification, .tokenClassification, .maskedLM: clean = VictimInput(text: e.text, pair: e.pair)
        }
        self = e.attackedSlot(task: task, perturb: perturb).place(text, in: clean)
    }
}

extension VictimOutput {
    /// How many scalars of the attacked text the model read, where `VictimInput(example:text:task:perturb:)`
    /// placed it; nil when it read all of it.
    public func readPrefixOfAttackedText(_ e: DatasetExample, task: AttackTask, perturb: PerturbedSegment = .first) -> Int? {
        e.attackedSlot(task: task, perturb: perturb).readPrefix(of: self)
    }
}
