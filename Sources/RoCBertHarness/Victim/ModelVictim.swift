import Foundation
import RoCBert
import RoCBertAttack
import RoCBertCore

/// A RoCBert checkpoint answering attack queries for one task: tokenises, batches per length bucket,
/// runs the head, and turns its outputs into what the goal functions read.
public struct ModelVictim: VictimModel {
    public let task: AttackTask
    public let head: any RoCBertHead
    public let encoder: any TextEncoder
    public let labelNames: [String]
    /// Longest input in tokens (the model's max_position_embeddings); longer texts are truncated.
    public let maxLength: Int
    /// QA: longest answer span considered, in tokens.
    public var maxAnswerTokens = 30

    public init(task: AttackTask, head: any RoCBertHead, encoder: any TextEncoder) {
        self.task = task
        self.head = head
        self.encoder = encoder
        labelNames = head.config.labelNames
        maxLength = head.config.maxPositionEmbeddings
    }

    public func predict(_ inputs: [VictimInput]) throws -> [VictimOutput] {
        if task == .multipleChoice { return try predictChoices(inputs) }
        let rows = try inputs.map { try encoder.encode($0.text, pair: $0.pair, maxLength: maxLength) }
        var out = [VictimOutput](repeating: VictimOutput(), count: inputs.count)
        for group in LengthBuckets.groups(rows.map(\.count)) {
            let batch = LengthBuckets.batch(group.map { rows[$0] }, padding: encoder.padding)
            let result = try head(batch)
            for (j, i) in group.enumerated() {
                out[i] = try decode(result, row: j, seqLength: batch.seqLength, tokens: rows[i], input: inputs[i])
                out[i].truncated = rows[i].truncated
                out[i].readPrefix = rows[i].readPrefix
            }
        }
        return out
    }

    private func decode(_ r: HeadOutput, row j: Int, seqLength s: Int, tokens t: TokenizedInput, input: VictimInput) throws -> VictimOutput {
        switch task {
        case .sequenceClassification:
            let c = r.logits.lastDim
            return VictimOutput(probabilities: softmaxRows(Tensor(shape: [1, c], data: Array(r.logits.data[(j * c)..<((j + 1) * c)])))[0])
        case .tokenClassification:
            let c = r.logits.lastDim
            var labels = [Int?](repeating: nil, count: input.text.unicodeScalars.count)
            for (k, range) in t.offsets.enumerated() {
                guard let range, t.tokenTypeIds[k] == 0 else { continue }
                let row = r.logits.data[((j * s + k) * c)..<((j * s + k + 1) * c)]
                let best = row.indices.max { row[$0] < row[$1] }! - row.startIndex
                for ch in range where ch < labels.count && labels[ch] == nil { labels[ch] = best }
            }
            var o = VictimOutput()
            o.characterLabels = labels
            return o
        case .questionAnswering:
            let start = r["start_logits"]!.data[(j * s)..<((j + 1) * s)].map { $0 }
            let end = r["end_logits"]!.data[(j * s)..<((j + 1) * s)].map { $0 }
            // Spans within the context (the second segment), start ≤ end, at most maxAnswerTokens long.
            let context = t.offsets.indices.filter { t.tokenTypeIds[$0] == 1 && t.offsets[$0] != nil }
            var best: (score: Float, a: Int, b: Int)?
            for a in context {
                for b in context where b >= a && b - a < maxAnswerTokens {
                    let score = start[a] + end[b]
                    if best == nil || score > best!.score { best = (score, a, b) }
                }
            }
            var o = VictimOutput()
            if let best, let ra = t.offsets[best.a], let rb = t.offsets[best.b] {
                let scalars = Array((input.pair ?? "").unicodeScalars)
                let range = ra.lowerBound..<min(rb.upperBound, scalars.count)
                o.answer = (range, String(String.UnicodeScalarView(scalars[range])))
            }
            return o
        case .maskedLM:
            let v = r.logits.lastDim
            var o = VictimOutput()
            for k in t.inputIds.indices where t.inputIds[k] == encoder.maskId {
                let p = softmaxRows(Tensor(shape: [1, v], data: Array(r.logits.data[((j * s + k) * v)..<((j * s + k + 1) * v)])))[0]
                let top = p.indices.max { p[$0] < p[$1] }!
                o.fills.append((encoder.token(top), p[top]))
            }
            return o
        case .multipleChoice:
            throw HarnessError("multiple choice is decoded per example group")
        }
    }

    /// Multiple choice: every (text, choice) pair of an input is one row; inputs with the same number of
    /// choices and length bucket share a forward pass.
    private func predictChoices(_ inputs: [VictimInput]) throws -> [VictimOutput] {
        guard let mc = head as? RoCBertForMultipleChoice else { throw HarnessError("multiple-choice suites need a multiple-choice head") }
        let encoded = try inputs.map { input in try input.choices.map { try encoder.encode(input.text, pair: $0, maxLength: maxLength) } }
        var out = [VictimOutput](repeating: VictimOutput(), count: inputs.count)
        let byChoices = Dictionary(grouping: inputs.indices) { encoded[$0].count }
        for (choices, members) in byChoices.sorted(by: { $0.key < $1.key }) {
            for group in LengthBuckets.groups(members.map { m in encoded[m].map(\.count).max() ?? 1 }) {
                let chosen = group.map { members[$0] }
                let batch = LengthBuckets.batch(chosen.flatMap { encoded[$0] }, padding: encoder.padding)
                let logits = try mc.forward(batch, choices: choices, labels: nil).logits
                for (row, p) in zip(chosen, softmaxRows(logits)) {
                    out[row] = VictimOutput(probabilities: p)
                    out[row].truncated = encoded[row].contains { $0.truncated }
                    out[row].readPrefix = ReadPrefix(choiceRows: encoded[row].map(\.readPrefix))
                }
            }
        }
        return out
    }
}
