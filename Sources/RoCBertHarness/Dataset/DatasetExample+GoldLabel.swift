import RoCBertStore

extension DatasetExample {
    /// The gold label in the store's shape for the example's fields: the tag per character, the
    /// answer span, the masked-LM fill, or the class / choice index.
    public var goldLabel: GoldLabel {
        if !tags.isEmpty { return .tags(tags) }
        if let answer {
            // Only a QA answer has a place in the text; a masked-LM gold is what fills the mask.
            guard let answerStart else { return .fill(answer) }
            return .answer(text: answer, start: answerStart)
        }
        return label.map(GoldLabel.classIndex) ?? .none
    }
}
