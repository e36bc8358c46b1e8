import Foundation
import RoCBertCore
import XCTest
import RoCBert
import RoCBertAttack
@testable import RoCBertHarness

/// A character-level encoder for the tiny fixture models (vocabulary 64, shapes 30, pronunciations 20).
struct CharacterEncoder: TextEncoder {
    let padding = (id: 0, shape: 0, pronunciation: 0)
    let maskId = 4

    func encode(_ text: String, pair: String?, maxLength: Int) throws -> TokenizedInput {
        var ids = [2], types = [0], offsets: [Range<Int>?] = [nil]
        for (segment, t) in [text, pair].enumerated() {
            guard let t else { continue }
            for (i, s) in t.unicodeScalars.enumerated() {
                ids.append(t == text && Array(text.unicodeScalars)[i] == "#" ? maskId : 5 + Int(s.value % 59))
                types.append(segment)
                offsets.append(i..<(i + 1))
            }
            ids.append(3); types.append(segment); offsets.append(nil)
        }
        let n = min(ids.count, maxLength)
        return TokenizedInput(inputIds: Array(ids.prefix(n)), shapeIds: ids.prefix(n).map { $0 % 30 },
                              pronunciationIds: ids.prefix(n).map { $0 % 20 }, tokenTypeIds: Array(types.prefix(n)), offsets: Array(offsets.prefix(n)))
    }

    func token(_ id: Int) -> String { "t\(id)" }
}

final class ModelVictimTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    func fixture(_ name: String) -> URL { Self.root.appendingPathComponent("scripts/fixtures/model/\(name)") }

    let texts = ["好", "这家店真好", "一般般吧不太行", "好好好好好好好好好好好好", "很棒", "还行"]

    /// Batched predictions (bucketed and padded) equal one-at-a-time predictions.
    func assertBatchingInvariant(_ task: AttackTask, _ head: any RoCBertHead, inputs: [VictimInput]) throws {
        let victim = ModelVictim(task: task, head: head, encoder: CharacterEncoder())
        let together = try victim.predict(inputs)
        XCTAssertEqual(together.count, inputs.count)
        for (input, got) in zip(inputs, together) {
            let alone = try victim.predict([input])[0]
            XCTAssertEqual(got.argmax, alone.argmax)
            for (a, b) in zip(got.probabilities, alone.probabilities) { XCTAssertEqual(a, b, accuracy: 1e-5) }
            XCTAssertEqual(got.characterLabels, alone.characterLabels)
            XCTAssertEqual(got.answer?.text, alone.answer?.text)
            XCTAssertEqual(got.fills.map(\.token), alone.fills.map(\.token))
        }
    }

    func testSequenceClassification() throws {
        let head = try RoCBertForSequenceClassification(directory: fixture("sequence-classification-single"))
        try assertBatchingInvariant(.sequenceClassification, head, inputs: texts.map { VictimInput(text: $0) })
        let p = try ModelVictim(task: .sequenceClassification, head: head, encoder: CharacterEncoder()).predict([VictimInput(text: "好")])[0]
        XCTAssertEqual(p.probabilities.count, 3)
        XCTAssertEqual(p.probabilities.reduce(0, +), 1, accuracy: 1e-9)
    }

    func testTokenClassification() throws {
        let head = try RoCBertForTokenClassification(directory: fixture("token-classification"))
        try assertBatchingInvariant(.tokenClassification, head, inputs: texts.map { VictimInput(text: $0) })
        let o = try ModelVictim(task: .tokenClassification, head: head, encoder: CharacterEncoder()).predict([VictimInput(text: "这家店")])[0]
        XCTAssertEqual(o.characterLabels.count, 3)
        XCTAssertTrue(o.characterLabels.allSatisfy { $0 != nil })
    }

    func testQuestionAnswering() throws {
        let head = try RoCBertForQuestionAnswering(directory: fixture("question-answering"))
        let inputs = texts.map { VictimInput(text: "哪里", pair: $0 + "在北京") }
        try assertBatchingInvariant(.questionAnswering, head, inputs: inputs)
        let o = try ModelVictim(task: .questionAnswering, head: head, encoder: CharacterEncoder()).predict([inputs[1]])[0]
        let answer = try XCTUnwrap(o.answer)
        XCTAssertEqual(String(String.UnicodeScalarView(Array(inputs[1].pair!.unicodeScalars)[answer.range])), answer.text)
    }

    func testMaskedLM() throws {
        let head = try RoCBertForMaskedLM(directory: fixture("masked-lm"))
        try assertBatchingInvariant(.maskedLM, head, inputs: ["好#", "这家#真好", "##"].map { VictimInput(text: $0) })
        let o = try ModelVictim(task: .maskedLM, head: head, encoder: CharacterEncoder()).predict([VictimInput(text: "##")])[0]
        XCTAssertEqual(o.fills.count, 2)
    }

    func testMultipleChoice() throws {
        let head = try RoCBertForMultipleChoice(directory: fixture("multiple-choice"))
        let inputs = texts.map { VictimInput(text: $0, choices: ["是", "不是", "也许吧"]) } + [VictimInput(text: "二选一", choices: ["甲", "乙"])]
        try assertBatchingInvariant(.multipleChoice, head, inputs: inputs)
    }
}
