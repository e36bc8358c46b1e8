/// `RoCBertForCausalLM`: a decoder (config.is_decoder) with the masked-LM head as its next-token head;
/// the loss shifts labels left by one so position t predicts token t + 1. With a `bert` config it is
/// `BertLMHeadModel`, which turns the cache off whenever labels are given.
public struct RoCBertForCausalLM: RoCBertHead {
    public static let foreignPrefixes = HeadPrefixes.except("cls.predictions.")
    public let model: RoCBertModel
    let cls: RoCBertLMPredictionHead
    public var config: RoCBertConfig { model.config }

    public init(_ w: WeightBinder, config: RoCBertConfig) throws {
        model = try RoCBertModel(w, config: config, addPoolingLayer: false)
        cls = try RoCBertLMPredictionHead(w, "cls.predictions", config: config, wordEmbeddings: model.wordEmbeddings)
    }

    public func forward(_ inputs: RoCBertInputs, labels: HeadLabels?, outputHiddenStates: Bool, outputAttentions: Bool) throws -> HeadOutput {
        var inputs = inputs
        if config.modelType == .bert, labels?.integers["labels"] != nil { inputs.useCache = false }
        let o = try model(inputs, outputHiddenStates: outputHiddenStates, outputAttentions: outputAttentions)
        let logits = cls(o.lastHiddenState)
        var loss: Float?
        if let l = labels?.integers["labels"] {
            let (b, s) = (inputs.batch, inputs.seqLength)
            try checkLabels(l, count: b * s, classes: config.vocabSize, name: "labels")
            // Pad each row with the ignored index and drop its first label (the reference's ForCausalLMLoss).
            let shifted = (0..<(b * s)).map { i in i % s == s - 1 ? -100 : l[i + 1] }
            loss = Losses.crossEntropy(logits, targets: shifted)
        }
        return HeadOutput(loss: loss, outputs: [("logits", logits)], model: o)
    }

    /// Next-token logits [batch, vocab] of the last position, for decoding.
    public func nextTokenLogits(_ inputs: RoCBertInputs) throws -> (logits: Tensor, cache: DecoderCache?) {
        let o = try model(inputs)
        let h = o.lastHiddenState
        let (b, s, width) = (h.shape[0], h.shape[1], h.shape[2])
        var last = Tensor(zeros: [b, width])
        for i in 0..<b { last.data.replaceSubrange((i * width)..<((i + 1) * width), with: h.data[((i * s + s - 1) * width)..<((i * s + s) * width)]) }
        return (cls(last), o.pastKeyValues)
    }
}
