import Foundation
import RoCBertCore

/// `RoCBertForPreTraining`: masked-LM logits; with `labels_input_ids` the masked-LM loss, and with
/// `attack_input_ids` too the contrastive loss between the clean, attacked and label inputs' pooled outputs.
public struct RoCBertForPreTraining: RoCBertHead {
    public static let foreignPrefixes = HeadPrefixes.except("cls.predictions.", "pooler.")
    public let model: RoCBertModel
    let cls: RoCBertLMPredictionHead
    public var config: RoCBertConfig { model.config }

    public init(_ w: WeightBinder, config: RoCBertConfig) throws {
        guard config.hasSideInputs else {
            throw RoCBertError("config.json", "RoCBertForPreTraining needs a roc_bert checkpoint; a \(config.modelType.rawValue) checkpoint's pretraining head is BertForPreTraining")
        }
        model = try RoCBertModel(w, config: config)
        cls = try RoCBertLMPredictionHead(w, "cls.predictions", config: config, wordEmbeddings: model.wordEmbeddings)
    }

    public func forward(_ inputs: RoCBertInputs, labels: HeadLabels?, outputHiddenStates: Bool, outputAttentions: Bool) throws -> HeadOutput {
        let o = try model(inputs, outputHiddenStates: outputHiddenStates, outputAttentions: outputAttentions)
        let logits = cls(o.lastHiddenState)
        var loss: Float?
        if var target = labels?.labelInputs {
            try checkLabels(target.inputIds, count: inputs.batch * inputs.seqLength, classes: config.vocabSize, name: "labels_input_ids")
            let maskedLMLoss = Losses.crossEntropy(logits, targets: target.inputIds)
            loss = maskedLMLoss
            if let attack = labels?.attackInputs {
                // The label pass reads −100 positions as padding tokens, as the reference does.
                target.inputIds = target.inputIds.map { $0 == -100 ? (config.padTokenId ?? 0) : $0 }
                target.headMask = nil
                target.positionIds = nil
                var attackInputs = attack
                attackInputs.headMask = nil
                attackInputs.positionIds = nil
                guard attack.batch == inputs.batch else {
                    throw RoCBertError("inputs", "attack_input_ids has batch \(attack.batch), expected \(inputs.batch)")
                }
                var pooled = o.poolerOutput!
                var labelPooled = try model(target).poolerOutput!
                var attackPooled = try model(attackInputs).poolerOutput!
                Normalization.l2Normalize(&pooled)
                Normalization.l2Normalize(&labelPooled)
                Normalization.l2Normalize(&attackPooled)
                let b = inputs.batch
                let diagonal = Array(0..<b)
                let clean = Losses.crossEntropy(scaledSimilarity(pooled, attackPooled), targets: diagonal)
                let label = Losses.crossEntropy(scaledSimilarity(labelPooled, attackPooled), targets: diagonal)
                loss = (clean + label) / 2 + maskedLMLoss
            }
        }
        return HeadOutput(loss: loss, outputs: [("logits", logits)], model: o)
    }

    /// 100 · a · bᵀ for row-normalised a, b [batch, hidden]: the reference's temperature-scaled cosine matrix.
    private func scaledSimilarity(_ a: Tensor, _ b: Tensor) -> Tensor {
        let n = a.shape[0], h = a.shape[1]
        var out = Tensor(zeros: [n, n])
        a.data.withUnsafeBufferPointer { ap in
            b.data.withUnsafeBufferPointer { bp in
                out.data.withUnsafeMutableBufferPointer { op in
                    GEMM.multiply(transB: true, m: n, n: n, k: h, a: ap.baseAddress!, lda: h, b: bp.baseAddress!, ldb: h, c: op.baseAddress!, ldc: n)
                }
            }
        }
        for i in out.data.indices { out.data[i] *= 100 }
        return out
    }
}
