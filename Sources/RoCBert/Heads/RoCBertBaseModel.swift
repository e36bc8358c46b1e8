/// `RoCBertModel` as a head: last hidden state and pooler output, no loss.
public struct RoCBertBaseModel: RoCBertHead {
    public static let foreignPrefixes = HeadPrefixes.except("pooler.")
    public let model: RoCBertModel
    public var config: RoCBertConfig { model.config }

    public init(_ w: WeightBinder, config: RoCBertConfig) throws {
        model = try RoCBertModel(w, config: config)
    }

    public func forward(_ inputs: RoCBertInputs, labels: HeadLabels?, outputHiddenStates: Bool, outputAttentions: Bool) throws -> HeadOutput {
        let o = try model(inputs, outputHiddenStates: outputHiddenStates, outputAttentions: outputAttentions)
        var outputs = [(name: "last_hidden_state", tensor: o.lastHiddenState)]
        if let p = o.poolerOutput { outputs.append((name: "pooler_output", tensor: p)) }
        return HeadOutput(loss: nil, outputs: outputs, model: o)
    }
}
