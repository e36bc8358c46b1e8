import RoCBertAttack
import RoCBertCore
import RoCBertStore

extension VictimInput {
    /// The model input a recorded text was read in, rebuilt from the record alone: `text` (the record's
    /// clean or attacked text) goes where the run's attack edited, beside the segments the record holds
    /// fixed — the pair or QA question (`pairText`), the multiple-choice stem and choices.
    ///
    /// A record keeps the edited segment as its clean text and the other one as its pair, so the
    /// other segments are laid out around `AttackedSlot`'s place for the edited one.
    public init(record r: ExampleRecord, text: String, task: AttackTask, perturb: PerturbedSegment) throws {
        if task == .multipleChoice && r.choices == nil {
            throw HarnessError("example \(r.exampleIndex): the record holds no choices (recorded before schema version 7)")
        }
        let choices = r.choices ?? []
        // A sentence-pair record edited with `perturb: second` always held the text as its fixed segment.
        let slot = AttackedSlot(task: task, perturb: perturb, gold: r.label.classIndex, choiceCount: choices.count, hasPair: true)
        if task == .multipleChoice && perturb != .first && slot == .text {
            throw HarnessError("example \(r.exampleIndex): a multiple-choice record needs its choices and a gold index among them")
        }
        let around: VictimInput
        switch slot {
        case .text: around = VictimInput(text: text, pair: task == .multipleChoice ? nil : r.pairText, choices: choices)
        case .pair, .choice: around = VictimInput(text: r.pairText ?? "", choices: choices)
        case .both: around = VictimInput(text: "", choices: choices)
        }
        self = slot.place(text, in: around)
    }
}
