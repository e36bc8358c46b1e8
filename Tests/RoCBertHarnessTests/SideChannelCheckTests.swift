import Foundation
import RoCBert
import RoCBertAttack
import XCTest
@testable import RoCBertHarness

/// Whether a RoCBert checkpoint's shape and pronunciation ids survive an edit (checkpoint-a's tables:
/// 未/末 share a shape id, 好/号 a pronunciation id; 女 and 子 are not in its vocabulary).
final class SideChannelCheckTests: XCTestCase {
    static let fixtures = EndToEndTests.root.appendingPathComponent("scripts/fixtures/harness")

    func testLookAlikesKeepTheShapeIdAndHomophonesThePronunciationId() throws {
        let dir = Self.fixtures.appendingPathComponent("checkpoint-a")
        let tokenizer = try RoCBertTokenizer(directory: dir)
        let check = try XCTUnwrap(try SideChannelCheck(directory: dir, tokenizer: tokenizer))
        func edit(_ from: String, _ to: String) -> SlotEdit {
            check.annotate(SlotEdit(range: 0..<from.unicodeScalars.count, original: from, replacement: to, transformation: "t", justification: "j"),
                           replacement: tokenizer.encode(to, addSpecialTokens: false))
        }
        XCTAssertEqual(edit("未", "末").shapeKept, true)
        XCTAssertEqual(edit("未", "末").pronunciationKept, false)
        XCTAssertEqual(edit("好", "号").shapeKept, false)
        XCTAssertEqual(edit("好", "号").pronunciationKept, true)
        // A split changes the number of tokens: neither channel shows the original any more.
        XCTAssertEqual(edit("好", "女子").shapeKept, false)
        XCTAssertEqual(edit("好", "女子").pronunciationKept, false)
    }

    /// A BERT checkpoint reads no side inputs: nothing to record.
    func testABertCheckpointHasNoSideChannels() throws {
        let dir = Self.fixtures.appendingPathComponent("checkpoint-bert")
        XCTAssertNil(try SideChannelCheck(directory: dir, tokenizer: try RoCBertTokenizer(directory: dir)))
    }
}
