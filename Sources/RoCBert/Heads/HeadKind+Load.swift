import Foundation
import RoCBertCore

extension HeadKind {
    /// The head type that implements this kind for a checkpoint of `modelType`: the layers are
    /// shared, except BERT's pretraining head (masked LM and next sentence, not contrastive).
    public func type(for modelType: RoCBertConfig.ModelType) -> any RoCBertHead.Type {
        switch self {
        case .base: return RoCBertBaseModel.self
        case .pretraining: return modelType == .bert ? BertForPreTraining.self : RoCBertForPreTraining.self
        case .maskedLM: return RoCBertForMaskedLM.self
        case .causalLM: return RoCBertForCausalLM.self
        case .sequenceClassification: return RoCBertForSequenceClassification.self
        case .multipleChoice: return RoCBertForMultipleChoice.self
        case .tokenClassification: return RoCBertForTokenClassification.self
        case .questionAnswering: return RoCBertForQuestionAnswering.self
        }
    }

    /// Loads this head from a HF checkpoint folder of either model type.
    public func load(directory: URL, precision: Precision = .fp32) throws -> any RoCBertHead {
        let config = try RoCBertConfig(contentsOf: directory.appendingPathComponent("config.json"))
        return try type(for: config.modelType).init(config: config, weights: try CheckpointWeights(directory: directory), precision: precision)
    }
}
