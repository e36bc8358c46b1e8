import Foundation
import RoCBert
import RoCBertAttack
import RoCBertCore
import XCTest
@testable import RoCBertHarness

/// Texts longer than the model's window: the victim says exactly how much of each segment the model read.
final class ModelWindowTests: XCTestCase {
    static let checkpoint = EndToEndTests.root.appendingPathComponent("scripts/fixtures/harness/checkpoint-a")
    static let tinyTokenizer = EndToEndTests.root.appendingPathComponent("scripts/fixtures/tokenizer/tiny")

    /// The tokenizer's offsets give the bound: [CLS]/[SEP] take their places, whitespace before a
    /// kept token is inside, and a cut inside a word ends where its last kept WordPiece ends.
    func testTheTokenizerSaysWhereTheWindowEnds() throws {
        let tokenizer = try RoCBertTokenizer(directory: Self.tinyTokenizer)
        func read(_ text: String, pair: String? = nil, _ maxLength: Int) throws -> ReadPrefix {
            let t = try tokenizer.encode(text, pair: pair, maxLength: maxLength)
            XCTAssertEqual(t.truncated, t.readPrefix != ReadPrefix(), "\(text) at \(maxLength)")
            return t.readPrefix
        }
        XCTAssertEqual(tokenizer.tokenize("好好 unaffable"), ["好", "好", "un", "##aff", "##able"])
        XCTAssertEqual(try read("好好 unaffable", 7), ReadPrefix(), "five tokens and two specials fit")
        XCTAssertEqual(try read("好好 unaffable", 6), ReadPrefix(text: 8), "cut after un ##aff: 好好 unaff")
        XCTAssertEqual(try read("好好 unaffable", 5), ReadPrefix(text: 5), "cut after un")
        XCTAssertEqual(try read("好好 unaffable", 4), ReadPrefix(text: 2), "the space before a dropped word is out")
        XCTAssertEqual(try read("  好好好", 4), ReadPrefix(text: 4), "leading spaces before kept tokens are in")
        // Pairs, cut longest first: both segments, only the longer one, or both to nothing.
        XCTAssertEqual(try read("好好好好", pair: "好好好好好好", 8), ReadPrefix(text: 3, pair: 2))
        XCTAssertEqual(try read("好", pair: String(repeating: "好", count: 10), 8), ReadPrefix(text: nil, pair: 4))
        XCTAssertEqual(try read(String(repeating: "好", count: 10), pair: "好", 3), ReadPrefix(text: 0, pair: 0))
        XCTAssertEqual(try read("好好", pair: "好好", 7), ReadPrefix(), "a pair that fits")
        XCTAssertEqual(try read("好好", pair: "好好", 6), ReadPrefix(text: nil, pair: 1), "one token over")
    }

    /// The checkpoint's own window (max_position_embeddings 64: 62 characters of a single text).
    func testModelVictimReportsTheWindow() throws {
        let victim = try SuiteWiring.victim(directory: Self.checkpoint, task: .sequenceClassification, precision: .fp32)
        let out = try victim.predict([VictimInput(text: String(repeating: "好", count: 62)), VictimInput(text: String(repeating: "好", count: 63)),
                                      VictimInput(text: "这家店", pair: String(repeating: "好", count: 70))])
        XCTAssertFalse(out[0].truncated)
        XCTAssertEqual(out[0].readPrefix, ReadPrefix())
        XCTAssertTrue(out[1].truncated)
        XCTAssertEqual(out[1].readPrefix, ReadPrefix(text: 62))
        XCTAssertEqual(out[2].readPrefix, ReadPrefix(text: nil, pair: 58))
    }

    /// A multiple-choice stem is out of reach only where every choice's row cut it.
    func testChoiceRowsCombine() {
        XCTAssertEqual(ReadPrefix(choiceRows: [ReadPrefix(text: 10, pair: 3), ReadPrefix(text: 12)]), ReadPrefix(text: 12, choices: [3, nil]))
        XCTAssertEqual(ReadPrefix(choiceRows: [ReadPrefix(), ReadPrefix(text: 10, pair: 2)]), ReadPrefix(text: nil, choices: [nil, 2]))
        XCTAssertEqual(ReadPrefix(choiceRows: []), ReadPrefix())
    }
}
