import RoCBertCore
/// `RoCBertForSequenceClassification`: a linear classifier on the pooled output; regression,
/// single-label or multi-label loss by `problem_type`, inferred from the labels as the reference does.
public struct RoCBertForSequenceClassification: RoCBertHead {
    public static let foreignPrefixes = HeadPrefixes.except("classifier.", "pooler.")
    public let model: RoCBertModel
    let classifier: Linear
    public var config: RoCBertConfig { model.config }

    public init(_ w: WeightBinder, config: RoCBertConfig) throws {
        model = try RoCBertModel(w, config: config)
        classifier = try Linear(w, "classifier", in: config.hiddenSize, out: config.numLabels)
    }

    public func forward(_ inputs: RoCBertInputs, labels: HeadLabels?, outputHiddenStates: Bool, outputAttentions: Bool) throws -> HeadOutput {
        let o = try model(inputs, outputHiddenStates: outputHiddenStates, outputAttentions: outputAttentions)
        let logits = classifier(o.poolerOutput!)
        let loss = try labels.flatMap { try classificationLoss(logits, labels: $0, batch: inputs.batch) }
        return HeadOutput(loss: loss, outputs: [("logits", logits)], model: o)
    }

    private func classificationLoss(_ logits: Tensor, labels: HeadLabels, batch: Int) throws -> Float? {
        let n = config.numLabels
        let ints = labels.integers["labels"]
        let floats = labels.floats["labels"]
        guard ints != nil || floats != nil else { return nil }
        // The reference's rule: one label → regression; integer labels → single-label; else multi-label.
        let problem = config.problemType ?? (n == 1 ? .regression : ints != nil ? .singleLabel : .multiLabel)
        let values = floats?.values ?? ints!.map(Float.init)
        switch problem {
        case .regression:
            try checkFloatCount(values, batch * n)
            return Losses.meanSquaredError(logits.data, values)
        case .singleLabel:
            guard let ints else { throw RoCBertError("inputs", "single_label_classification needs integer labels") }
            try checkLabels(ints, count: batch, classes: n, name: "labels")
            return Losses.crossEntropy(logits, targets: ints)
        case .multiLabel:
            try checkFloatCount(values, batch * n)
            return Losses.binaryCrossEntropyWithLogits(logits.data, values)
        }
    }

    private func checkFloatCount(_ values: [Float], _ expected: Int) throws {
        guard values.count == expected else {
            throw RoCBertError("inputs", "labels has \(values.count) values, expected \(expected) (batch × num_labels)")
        }
    }
}
