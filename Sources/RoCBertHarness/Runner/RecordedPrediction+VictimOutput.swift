import RoCBertAttack
import RoCBertStore

extension RecordedPrediction {
    /// What the victim's output predicts, in the store's shape for its head: the class index, the tag
    /// per character, the answer span, or the masked-LM fills. `tagNames` (the checkpoint's id2label)
    /// names token-classification tags as the gold tags are named; an id without a name is kept as
    /// its number.
    public init(_ o: VictimOutput, tagNames: [String] = []) {
        if !o.probabilities.isEmpty {
            self = .classIndex(o.argmax)
        } else if !o.characterLabels.isEmpty {
            self = .tags(o.characterLabels.map { id in id.map { tagNames.indices.contains($0) ? tagNames[$0] : String($0) } })
        } else if let a = o.answer {
            self = .span(text: a.text, start: a.range.lowerBound, end: a.range.upperBound)
        } else if !o.fills.isEmpty {
            self = .fills(o.fills.map(\.token))
        } else {
            self = .none
        }
    }
}
