import RoCBertAttack
import RoCBertCore

/// Where an attack's text sits in the model input: the input's text, its pair, one of its choices, or
/// (`perturb: both`) the text and the pair or a choice. One decision serves building inputs from an
/// example or from a record, and reading how much of the attacked text a truncated input kept.
enum AttackedSlot: Equatable {
    case text
    case pair
    case choice(Int)
    /// The text and, after the joint, the pair (nil) or the choice with this index.
    case both(choice: Int?)

    /// `perturb: second` edits the pair of a sequence-classification input and the gold choice of a
    /// multiple-choice one (when the input has them); otherwise the attacked text is the input's text,
    /// except for QA, whose context is the pair beside the question.
    init(task: AttackTask, perturb: PerturbedSegment, gold: Int?, choiceCount: Int, hasPair: Bool) {
        if perturb != .first {
            if task == .multipleChoice, let gold, (0..<choiceCount).contains(gold) {
                self = perturb == .both ? .both(choice: gold) : .choice(gold)
                return
            }
            if task == .sequenceClassification, hasPair {
                self = perturb == .both ? .both(choice: nil) : .pair
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
        case .both(let choice):
            let (first, second) = ExampleSegments.split(text)
            input.text = first
            if let choice { input.choices[choice] = second } else { input.pair = second }
        }
        return input
    }

    /// The scalars of an attacked `text` in this slot that a truncated input did not read.
    func unreadRanges(of output: VictimOutput, text: String) -> [Range<Int>] {
        let length = text.unicodeScalars.count
        guard case .both(let choice) = self else {
            return readPrefix(of: output).map { $0 < length ? [$0..<length] : [] } ?? []
        }
        let (first, second) = ExampleSegments.split(text)
        let firstLength = first.unicodeScalars.count
        let secondStart = length - second.unicodeScalars.count
        var unread: [Range<Int>] = []
        if let kept = AttackedSlot.text.readPrefix(of: output), kept < firstLength { unread.append(kept..<firstLength) }
        if let kept = (choice.map(AttackedSlot.choice) ?? .pair).readPrefix(of: output), secondStart + kept < length {
            unread.append((secondStart + kept)..<length)
        }
        return unread
    }

    /// The scalars of this slot's text that a truncated input kept (nil: all of it; for `both`, see
    /// `unreadRanges`).
    func readPrefix(of output: VictimOutput) -> Int? {
        switch self {
        case .text: return output.readPrefix.text
        case .pair: return output.readPrefix.pair
        case .choice(let i): return output.readPrefix.choices.indices.contains(i) ? output.readPrefix.choices[i] : nil
        case .both: return nil
        }
    }
}
