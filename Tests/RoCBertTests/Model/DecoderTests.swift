import Foundation
import XCTest
@testable import RoCBert

/// Decoding with the key/value cache gives what recomputing the whole prefix gives.
final class DecoderTests: XCTestCase {
    /// Last-position logits of `ids` (batch 1) recomputed from scratch, without a cache.
    func recomputed(_ model: RoCBertForCausalLM, _ ids: [Int], shape: [Int], pron: [Int], encoder: Tensor?) throws -> [Float] {
        var inputs = RoCBertInputs(batch: 1, seqLength: ids.count, inputIds: ids, inputShapeIds: shape, inputPronunciationIds: pron)
        inputs.useCache = false
        inputs.encoderHiddenStates = encoder
        let out = try model.forward(inputs, labels: nil, outputHiddenStates: false, outputAttentions: false)
        XCTAssertNil(out.pastKeyValues)
        let v = model.config.vocabSize
        return Array(out.logits.data[((ids.count - 1) * v)..<(ids.count * v)])
    }

    func checkSixteenSteps(fixture: String, encoder: Tensor?) throws {
        let model = try RoCBertForCausalLM(directory: Fixtures.directory("model/\(fixture)"))
        let side: @Sendable (Int) -> (shape: Int, pronunciation: Int) = { ($0 % 30, $0 % 20) }
        var ids = [5, 17, 42], shape = ids.map { $0 % 30 }, pron = ids.map { $0 % 20 }
        var inputs = RoCBertInputs(batch: 1, seqLength: 3, inputIds: ids, inputShapeIds: shape, inputPronunciationIds: pron)
        inputs.encoderHiddenStates = encoder
        let steps = try GreedyDecoder(model: model, sideIds: side).generate(prompt: inputs, maxNewTokens: 16)
        XCTAssertEqual(steps.count, 16)
        // Replay: at every step, the cached path's logits equal a full recomputation's.
        inputs.useCache = true
        var cache: DecoderCache?
        for step in steps {
            inputs.pastKeyValues = cache
            let (logits, next) = try model.nextTokenLogits(inputs)
            cache = next
            let full = try recomputed(model, ids, shape: shape, pron: pron, encoder: encoder)
            let worst = zip(logits.data, full).map { abs($0 - $1) }.max()!
            XCTAssertLessThanOrEqual(worst, 1e-4, "\(fixture): step at length \(ids.count)")
            XCTAssertEqual(logits.data.indices.max { logits.data[$0] < logits.data[$1] }, step.token)
            ids.append(step.token); shape.append(step.token % 30); pron.append(step.token % 20)
            inputs = RoCBertInputs(batch: 1, seqLength: 1, inputIds: [step.token], inputShapeIds: [step.token % 30], inputPronunciationIds: [step.token % 20])
            inputs.encoderHiddenStates = encoder
            inputs.useCache = true
        }
        XCTAssertEqual(cache?.length, 3 + 15)
    }

    func testCachedDecodingEqualsRecomputation() throws {
        try checkSixteenSteps(fixture: "causal-lm", encoder: nil)
    }

    func testCachedDecodingWithCrossAttention() throws {
        let encoder = Tensor(shape: [1, 4, 24], data: (0..<96).map { Float(sin(Double($0))) })
        try checkSixteenSteps(fixture: "causal-lm-cross-attention", encoder: encoder)
    }

    func testDecoderInputErrors() throws {
        let model = try RoCBertForCausalLM(directory: Fixtures.directory("model/causal-lm"))
        var inputs = RoCBertInputs(batch: 1, seqLength: 2, inputIds: [3, 4])
        let out = try model.forward(inputs, labels: nil, outputHiddenStates: false, outputAttentions: false)
        inputs = RoCBertInputs(batch: 1, seqLength: 1, inputIds: [5], attentionMask: [1])
        inputs.pastKeyValues = out.pastKeyValues
        XCTAssertThrowsError(try model(inputs)) { XCTAssertTrue("\($0)".contains("attention_mask has 1 values, expected 1×3"), "\($0)") }
        inputs = RoCBertInputs(batch: 1, seqLength: 31, inputIds: [Int](repeating: 5, count: 31))
        inputs.pastKeyValues = out.pastKeyValues
        XCTAssertThrowsError(try model(inputs)) { XCTAssertTrue("\($0)".contains("after 2 cached tokens exceeds max_position_embeddings 32"), "\($0)") }
        inputs = RoCBertInputs(batch: 1, seqLength: 1, inputIds: [5])
        inputs.encoderHiddenStates = Tensor(zeros: [1, 3, 24])
        XCTAssertThrowsError(try model(inputs)) { XCTAssertTrue("\($0)".contains("no cross-attention"), "\($0)") }
    }
}
