import RoCBertCore
/// `BertForPreTraining`: masked-LM logits (`prediction_logits`) and the next-sentence logits
/// (`seq_relationship_logits`, from the pooled output); with both `labels` and
/// `next_sentence_label`, the sum of the two cross-entropy losses, as the reference computes it.
/// A BERT checkpoint's pretraining head: RoCBert's own pretraining head is contrastive instead.
public struct BertForPreTraining: RoCBertHead {
    public static let foreignPrefixes = HeadPrefixes.except("cls.predictions.", "cls.seq_relationship.", "pooler.")
    public let model: RoCBertModel
    let predictions: RoCBertLMPredictionHead
    let seqRelationship: Linear
    public var config: RoCBertConfig { model.config }

    public init(_ w: WeightBinder, config: RoCBertConfig) throws {
        model = try RoCBertModel(w, config: config)
        predictions = try RoCBertLMPredictionHead(w, "cls.predictions", config: config, wordEmbeddings: model.wordEmbeddings)
        seqRelationship = try Linear(w, "cls.seq_relationship", in: config.hiddenSize, out: 2)
    }

    public func forward(_ inputs: RoCBertInputs, labels: HeadLabels?, outputHiddenStates: Bool, outputAttentions: Bool) throws -> HeadOutput {
        let o = try model(inputs, outputHiddenStates: outputHiddenStates, outputAttentions: outputAttentions)
        let predictionLogits = predictions(o.lastHiddenState)
        let nextSentenceLogits = seqRelationship(o.poolerOutput!)
        var loss: Float?
        if let tokens = labels?.integers["labels"], let next = labels?.integers["next_sentence_label"] {
            try checkLabels(tokens, count: inputs.batch * inputs.seqLength, classes: config.vocabSize, name: "labels")
            try checkLabels(next, count: inputs.batch, classes: 2, name: "next_sentence_label")
            loss = Losses.crossEntropy(predictionLogits, targets: tokens) + Losses.crossEntropy(nextSentenceLogits, targets: next)
        }
        return HeadOutput(loss: loss, outputs: [("prediction_logits", predictionLogits), ("seq_relationship_logits", nextSentenceLogits)], model: o)
    }
}
