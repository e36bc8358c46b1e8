import RoCBertCore
/// `RoCBertForQuestionAnswering`: start and end logits per token; positions clamped to [0, seq] and
/// position seq ignored, as the reference does for answers outside the window.
public struct RoCBertForQuestionAnswering: RoCBertHead {
    public static let foreignPrefixes = HeadPrefixes.except("qa_outputs.")
    public let model: RoCBertModel
    let qaOutputs: Linear
    public var config: RoCBertConfig { model.config }

    public init(_ w: WeightBinder, config: RoCBertConfig) throws {
        model = try RoCBertModel(w, config: config, addPoolingLayer: false)
        qaOutputs = try Linear(w, "qa_outputs", in: config.hiddenSize, out: 2)
    }

    public func forward(_ inputs: RoCBertInputs, labels: HeadLabels?, outputHiddenStates: Bool, outputAttentions: Bool) throws -> HeadOutput {
        let o = try model(inputs, outputHiddenStates: outputHiddenStates, outputAttentions: outputAttentions)
        let both = qaOutputs(o.lastHiddenState)
        let b = inputs.batch, s = inputs.seqLength
        let start = Tensor(shape: [b, s], data: stride(from: 0, to: both.count, by: 2).map { both.data[$0] })
        let end = Tensor(shape: [b, s], data: stride(from: 1, to: both.count, by: 2).map { both.data[$0] })
        var loss: Float?
        if let sp = labels?.integers["start_positions"], let ep = labels?.integers["end_positions"] {
            guard sp.count == b, ep.count == b else {
                throw RoCBertError("inputs", "start_positions and end_positions need \(b) values each")
            }
            let clamp = { (p: Int) in min(max(p, 0), s) }
            loss = (Losses.crossEntropy(start, targets: sp.map(clamp), ignoreIndex: s)
                + Losses.crossEntropy(end, targets: ep.map(clamp), ignoreIndex: s)) / 2
        }
        return HeadOutput(loss: loss, outputs: [("start_logits", start), ("end_logits", end)], model: o)
    }
}
