/// The model heads an attack suite can drive; the raw value is the suite's `task:` name and the
/// store's `head` column.
public enum AttackTask: String, Sendable, Codable, CaseIterable {
    case sequenceClassification = "sequence-classification", multipleChoice = "multiple-choice"
    case tokenClassification = "token-classification", questionAnswering = "question-answering"
    case maskedLM = "masked-lm"
}
