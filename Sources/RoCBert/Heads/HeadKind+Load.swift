import Foundation

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

extension RoCBertHead {
    /// Runs a parsed request, grouping multiple-choice rows by the request's choice count.
    public func forward(_ request: ForwardRequest, outputHiddenStates: Bool = false, outputAttentions: Bool = false) throws -> HeadOutput {
        if let mc = self as? RoCBertForMultipleChoice {
            guard let choices = request.choices else {
                throw RoCBertError("inputs", "multiple-choice input_ids must be [batch, choices, seq]")
            }
            return try mc.forward(request.inputs, choices: choices, labels: request.labels, outputHiddenStates: outputHiddenStates, outputAttentions: outputAttentions)
        }
        if request.choices != nil {
            throw RoCBertError("inputs", "input_ids is 3-D but the head is not multiple-choice")
        }
        return try forward(request.inputs, labels: request.labels, outputHiddenStates: outputHiddenStates, outputAttentions: outputAttentions)
    }
}
