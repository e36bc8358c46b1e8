import Foundation
import RoCBertCore

extension HeadKind {
    /// The head type that implements this kind.
    public var type: any RoCBertHead.Type {
        switch self {
        case .base: return RoCBertBaseModel.self
        case .pretraining: return RoCBertForPreTraining.self
        case .maskedLM: return RoCBertForMaskedLM.self
        case .causalLM: return RoCBertForCausalLM.self
        case .sequenceClassification: return RoCBertForSequenceClassification.self
        case .multipleChoice: return RoCBertForMultipleChoice.self
        case .tokenClassification: return RoCBertForTokenClassification.self
        case .questionAnswering: return RoCBertForQuestionAnswering.self
        }
    }

    /// Loads this head from a HF checkpoint folder.
    public func load(directory: URL, precision: Precision = .fp32) throws -> any RoCBertHead {
        try type.init(directory: directory, precision: precision)
    }
}
