import RoCBert
import RoCBertCore

extension AttackTask {
    /// The model head that answers this task.
    public var head: HeadKind {
        switch self {
        case .sequenceClassification: return .sequenceClassification
        case .multipleChoice: return .multipleChoice
        case .tokenClassification: return .tokenClassification
        case .questionAnswering: return .questionAnswering
        case .maskedLM: return .maskedLM
        }
    }
}
