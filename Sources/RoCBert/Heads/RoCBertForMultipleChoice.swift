import RoCBertCore
/// `RoCBertForMultipleChoice`: inputs [batch, choices, seq] flattened, one score per choice, cross-entropy over choices.
public struct RoCBertForMultipleChoice: RoCBertHead {
    public static let foreignPrefixes = HeadPrefixes.except("classifier.", "pooler.")
    public let model: RoCBertModel
    let classifier: Linear
    public var config: RoCBertConfig { model.config }

    public init(_ w: WeightBinder, config: RoCBertConfig) throws {
        model = try RoCBertModel(w, config: config)
        classifier = try Linear(w, "classifier", in: config.hiddenSize, out: 1)
    }

    /// `inputs.batch` counts batch × choices rows; `choices` says how they group.
    public func forward(_ inputs: RoCBertInputs, choices: Int, labels: HeadLabels?, outputHiddenStates: Bool = false, outputAttentions: Bool = false) throws -> HeadOutput {
        guard choices >= 1, inputs.batch % choices == 0 else {
            throw RoCBertError("inputs", "\(inputs.batch) rows do not split into groups of \(choices) choices")
        }
        let o = try model(inputs, outputHiddenStates: outputHiddenStates, outputAttentions: outputAttentions)
        let logits = classifier(o.poolerOutput!).reshaped([inputs.batch / choices, choices])
        var loss: Float?
        if let l = labels?.integers["labels"] {
            try checkLabels(l, count: inputs.batch / choices, classes: choices, name: "labels")
            loss = Losses.crossEntropy(logits, targets: l)
        }
        return HeadOutput(loss: loss, outputs: [("logits", logits)], model: o)
    }

    /// Treats every row as its own single choice; use `forward(_:choices:…)`.
    public func forward(_ inputs: RoCBertInputs, labels: HeadLabels?, outputHiddenStates: Bool, outputAttentions: Bool) throws -> HeadOutput {
        try forward(inputs, choices: 1, labels: labels, outputHiddenStates: outputHiddenStates, outputAttentions: outputAttentions)
    }
}
