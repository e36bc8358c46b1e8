import RoCBertAttack
import RoCBertCore

/// Where an attack's text sits in the model input: the input's text, its pair, or one of its choices.
/// One decision serves building inputs from an example or from a record, and reading how much of the
/// attacked text a truncated input kept.
enum AttackedSlot: Equatable {
    case text
    case pair
    case choice(Int)

    /// `perturb: second` edits the pair of a sequence-classification input and the gold choice of a
    /// multiple-choice one (when the input has them); otherwise the attacked text is the input's text,
    /// except for QA, whose context is the pair beside the question.
    init(task: AttackTask, perturb: PerturbedSegment, gold: Int?, choiceCount: Int, hasPair: Bool) {
        if perturb == .second {
            if task == .multipleChoice, let gold, (0..<choiceCount).contains(gold) {
                self = .choice(gold)
                return
            }
            if task == .sequenceClassification, hasPair {
                self = .pair
                return
            }
        }
        self = task == .questionAnswering ? .pair : .text
    }

    /// `input` with `text` put in this slot.
    func place(_ text: String, in input: VictimInput) -> VictimInput {
        var input = input
        switch self {
        case .text: input.text = text
        case .pair: input.pair = text
        case .choice(let i): input.choices[i] = text
        }
        return input
    }

    /// The scalars of this slot's text that a truncated input kept (nil: all of it).
    func readPrefix(of output: VictimOutput) -> Int? {
        switch self {
        case .text: return output.readPrefix.text
        case .pair: return output.readPrefix.pair
        case .choice(let i): return output.readPrefix.choices.indices.contains(i) ? output.readPrefix.choices[i] : nil
        }
    }
}
