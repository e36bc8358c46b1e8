import RoCBertCore
/// `RoCBertForMaskedLM`: vocabulary logits per token; loss over `labels` with −100 ignored.
public struct RoCBertForMaskedLM: RoCBertHead {
    public static let foreignPrefixes = HeadPrefixes.except("cls.predictions.")
    public let model: RoCBertModel
    let cls: RoCBertLMPredictionHead
    public var config: RoCBertConfig { model.config }

    public init(_ w: WeightBinder, config: RoCBertConfig) throws {
        model = try RoCBertModel(w, config: config, addPoolingLayer: false)
        cls = try RoCBertLMPredictionHead(w, "cls.predictions", config: config, wordEmbeddings: model.wordEmbeddings)
    }

    public func forward(_ inputs: RoCBertInputs, labels: HeadLabels?, outputHiddenStates: Bool, outputAttentions: Bool) throws -> HeadOutput {
        let o = try model(inputs, outputHiddenStates: outputHiddenStates, outputAttentions: outputAttentions)
        let logits = cls(o.lastHiddenState)
        var loss: Float?
        if let l = labels?.integers["labels"] {
            try checkLabels(l, count: inputs.batch * inputs.seqLength, classes: config.vocabSize, name: "labels")
            loss = Losses.crossEntropy(logits, targets: l)
        }
        return HeadOutput(loss: loss, outputs: [("logits", logits)], model: o)
    }
}

/// Labels must match the inputs they label and name a class (or be the ignored index).
func checkLabels(_ values: [Int], count: Int, classes: Int, name: String, ignoreIndex: Int? = -100) throws {
    guard values.count == count else {
        throw RoCBertError("inputs", "\(name) has \(values.count) values, expected \(count)")
    }
    if let bad = values.first(where: { ($0 < 0 || $0 >= classes) && $0 != ignoreIndex }) {
        throw RoCBertError("inputs", "\(name) holds \(bad), outside 0..<\(classes)")
    }
}
