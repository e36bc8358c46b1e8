import Foundation
import RoCBert
import RoCBertAttack
import RoCBertCore
import XCTest
@testable import RoCBertHarness

/// Forwards to a victim and keeps every input it was asked about.
final class RecordingVictim: VictimModel, @unchecked Sendable {
    let inner: any VictimModel
    var seen: [VictimInput] = []
    init(_ inner: any VictimModel) { self.inner = inner }
    var labelNames: [String] { inner.labelNames }
    func predict(_ inputs: [VictimInput]) throws -> [VictimOutput] {
        seen += inputs
        return try inner.predict(inputs)
    }
}

/// The toy sentiment model reading only the first `window` characters of its text, and saying so
/// as a truncating tokenizer does.
struct WindowedToyVictim: VictimModel {
    let window: Int
    let labelNames = ToySentimentVictim().labelNames
    func predict(_ inputs: [VictimInput]) throws -> [VictimOutput] {
        try inputs.map { input in
            let scalars = Array(input.text.unicodeScalars)
            var o = try ToySentimentVictim().predict([VictimInput(text: String(String.UnicodeScalarView(scalars.prefix(window))))])[0]
            if scalars.count > window {
                o.truncated = true
                o.readPrefix = ReadPrefix(text: window)
            }
            return o
        }
    }
}

/// Texts longer than the model's window: the victim says exactly how much of each segment the model
/// read, and an attack edits only there; texts within the window are attacked as before.
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

    func attack(_ perturb: PerturbedSegment = .first) -> AttackSpec {
        var c = AttackSpec.Constraints()
        c.maxPerturbedRatio = 0.5
        return AttackSpec(name: "swap", transformations: ["homophone"], constraints: c, perturb: perturb)
    }

    /// `count` characters of checkpoint-a's vocabulary for which no candidate exists.
    func filler(_ count: Int) -> String { String((0..<count).map { Array("这家店菜味道服务价格")[$0 % 10] }) }

    /// On the real checkpoint, for a single text and for either segment of a pair: the only candidate
    /// edits lie past the window, so none is tried, no query changes a character there (not even a
    /// saliency deletion), and the record says how many characters were out of reach.
    func testEditsPastTheWindowAreNeverTried() throws {
        let tail = String(repeating: "好", count: 10)
        let cases: [(text: String, pair: String?, perturb: PerturbedSegment, window: Int)] = [
            (filler(62) + tail, nil, .first, 62),
            ("这家店", filler(58) + tail, .second, 58),
            (filler(58) + tail, "这家店", .first, 58),
        ]
        for c in cases {
            let victim = RecordingVictim(try SuiteWiring.victim(directory: Self.checkpoint, task: .sequenceClassification, precision: .fp32))
            var e = DatasetExample(index: 0, id: "long", text: c.text)
            e.pair = c.pair
            // The gold label is the clean prediction, so the example is attacked rather than skipped.
            e.label = try victim.inner.predict([VictimInput(example: e, text: c.perturb == .first ? c.text : c.pair!, task: .sequenceClassification,
                                                            perturb: c.perturb)])[0].argmax
            var asked: [Int] = []
            let swaps = swapCandidates(["好": ["号"]])
            let o = ExampleAttack(task: .sequenceClassification, attack: attack(c.perturb), victim: victim,
                                  candidates: { asked.append($1); return swaps($0, $1) }, stopwords: [], seed: 1).run(e)
            let what = "\(c.perturb) of \(c.pair == nil ? "a text" : "a pair")"
            XCTAssertEqual(o.status, .failed, what)
            XCTAssertEqual(o.attacked?.edits.count, 0, what)
            XCTAssertEqual(o.extraMetrics, ["truncated": 1, "out_of_window_chars": 10], what)
            XCTAssertTrue(asked.allSatisfy { $0 < c.window }, "\(what): candidates asked at \(asked.filter { $0 >= c.window })")
            XCTAssertGreaterThan(victim.seen.count, 1, "\(what): the saliency queries ran")
            for input in victim.seen {
                let edited = c.perturb == .first ? input.text : input.pair!
                XCTAssertTrue(edited.hasSuffix(tail), "\(what): a query changed the text past the window: \(edited)")
            }
        }
    }

    /// Inside the window the same attack tries its candidates as before.
    func testEditsInsideTheWindowAreTried() throws {
        let victim = RecordingVictim(try SuiteWiring.victim(directory: Self.checkpoint, task: .sequenceClassification, precision: .fp32))
        let text = "这家店好" + filler(58) + String(repeating: "好", count: 10)
        let e = DatasetExample(index: 0, id: "long", text: text, label: try victim.inner.predict([VictimInput(text: text)])[0].argmax)
        let o = ExampleAttack(task: .sequenceClassification, attack: attack(), victim: victim,
                              candidates: swapCandidates(["好": ["号"]]), stopwords: [], seed: 1).run(e)
        XCTAssertTrue(victim.seen.contains { $0.text.hasPrefix("这家店号") }, "the candidate at slot 3 was tried")
        XCTAssertEqual(o.extraMetrics["out_of_window_chars"], 10)
        for edit in o.attacked?.edits ?? [] { XCTAssertEqual(edit.range, 3..<4) }
    }

    /// With a toy model that reads eight characters: the edit inside the window flips the prediction and
    /// the good characters past it are never touched; with a window the text fits in, the attack is the
    /// one a model without a window gets.
    func testAnAttackInsideTheWindowSucceedsAndWithinTheWindowNothingChanges() throws {
        let text = "这好店店店店店店棒棒"
        let e = DatasetExample(index: 0, id: "w", text: text, label: 1)
        let windowed = RecordingVictim(WindowedToyVictim(window: 8))
        let o = ExampleAttack(task: .sequenceClassification, attack: attack(), victim: windowed, candidates: toyCandidates, stopwords: [], seed: 1).run(e)
        XCTAssertEqual(o.status, .successful)
        XCTAssertEqual(o.attacked?.edits.map(\.range), [1..<2])
        XCTAssertEqual(o.extraMetrics, ["truncated": 1, "out_of_window_chars": 2])
        XCTAssertTrue(windowed.seen.allSatisfy { $0.text.hasSuffix("棒棒") })

        // 16: room for the text and every edit the budget allows (好 → 女子 adds a character).
        let wide = ExampleAttack(task: .sequenceClassification, attack: attack(), victim: WindowedToyVictim(window: 16), candidates: toyCandidates,
                                 stopwords: [], seed: 1).run(e)
        let plain = ExampleAttack(task: .sequenceClassification, attack: attack(), victim: ToySentimentVictim(), candidates: toyCandidates,
                                  stopwords: [], seed: 1).run(e)
        XCTAssertEqual(wide.status, plain.status)
        XCTAssertEqual(wide.attacked?.text, plain.attacked?.text)
        XCTAssertEqual(wide.attacked?.edits.map(\.range), plain.attacked?.edits.map(\.range))
        XCTAssertEqual([wide.queries, wide.modelQueries], [plain.queries, plain.modelQueries])
        XCTAssertEqual(wide.extraMetrics, [:])
    }
}
