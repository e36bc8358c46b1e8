/// `RoCBertForTokenClassification`: a linear classifier on every token; cross-entropy with −100 ignored.
public struct RoCBertForTokenClassification: RoCBertHead {
    public static let foreignPrefixes = HeadPrefixes.except("classifier.")
    public let model: RoCBertModel
    let classifier: Linear
    public var config: RoCBertConfig { model.config }

    public init(_ w: WeightBinder, config: RoCBertConfig) throws {
        model = try RoCBertModel(w, config: config, addPoolingLayer: false)
        classifier = try Linear(w, "classifier", in: config.hiddenSize, out: config.numLabels)
    }

    public func forward(_ inputs: RoCBertInputs, labels: HeadLabels?, outputHiddenStates: Bool, outputAttentions: Bool) throws -> HeadOutput {
        let o = try model(inputs, outputHiddenStates: outputHiddenStates, outputAttentions: outputAttentions)
        let logits = classifier(o.lastHiddenState)
        var loss: Float?
        if let l = labels?.integers["labels"] {
            try checkLabels(l, count: inputs.batch * inputs.seqLength, classes: config.numLabels, name: "labels")
            loss = Losses.crossEntropy(logits, targets: l)
        }
        return HeadOutput(loss: loss, outputs: [("logits", logits)], model: o)
    }
}
