import Foundation
import RoCBert
import RoCBertAttack
import XCTest
@testable import RoCBertHarness

/// checkpoint-homophone and checkpoint-visual candidates: characters sharing an id in the checkpoint's
/// own tables, never the unknown token's id that characters outside a table fall back to.
final class CheckpointTableCandidatesTests: XCTestCase {
    /// Four shape groups of two (equal sizes, so no group stands out as "the unknown one"), one
    /// pronunciation group of three (the largest), and 甲 乙 in neither table.
    static func tokenizer() throws -> RoCBertTokenizer {
        try RoCBertTokenizer(
            vocab: ["[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]", "不", "下", "未", "末", "日", "曰", "好", "号", "郝", "甲", "乙"],
            wordShape: ["[UNK]": 1, "不": 2, "下": 2, "未": 3, "末": 3, "日": 4, "曰": 4, "好": 5, "号": 6, "郝": 7],
            wordPronunciation: ["[UNK]": 1, "不": 9, "下": 10, "未": 11, "末": 12, "日": 13, "曰": 14, "好": 8, "号": 8, "郝": 8])
    }

    func replacements(_ edits: [SlotEdit]) -> [String] { edits.map(\.replacement) }

    func testEveryGroupIsKeptHoweverManyTieInSize() throws {
        let tokenizer = try Self.tokenizer()
        // Dictionary order differs between instances and processes: build the groups many times.
        for _ in 0..<20 {
            let c = CheckpointTableCandidates(tokenizer: tokenizer)
            for (a, b) in [("不", "下"), ("未", "末"), ("日", "曰")] {
                XCTAssertEqual(replacements(c.lookalikes(PerturbedText(a), 0)), [b])
                XCTAssertEqual(replacements(c.lookalikes(PerturbedText(b), 0)), [a])
            }
            XCTAssertEqual(replacements(c.homophones(PerturbedText("好"), 0)), ["号", "郝"])
            XCTAssertEqual(replacements(c.homophones(PerturbedText("郝"), 0)), ["好", "号"])
        }
    }

    func testCharactersOutsideTheTablesAreNoOnesLookAlikesOrHomophones() throws {
        let c = CheckpointTableCandidates(tokenizer: try Self.tokenizer())
        XCTAssertEqual(try Self.tokenizer().shapeId("甲"), 1)
        for ch in ["甲", "乙"] {
            XCTAssertEqual(replacements(c.lookalikes(PerturbedText(ch), 0)), [])
            XCTAssertEqual(replacements(c.homophones(PerturbedText(ch), 0)), [])
        }
        XCTAssertEqual(replacements(c.lookalikes(PerturbedText("好"), 0)), [])
        let edit = try XCTUnwrap(c.lookalikes(PerturbedText("不"), 0).first)
        XCTAssertEqual(edit.justification, "visual: 不 and 下 share id 2 in the checkpoint's word_shape.json")
    }
}
