import RoCBert
import RoCBertCore

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
