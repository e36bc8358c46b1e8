import Foundation
import RoCBertAttack
import RoCBertCore
import RoCBertStore
import XCTest
@testable import RoCBertHarness

/// A toy pair classifier: positive when the text and the pair hold two good characters together.
/// It records every input it sees, so a test can tell which segment an attack rewrote.
final class ToyPairVictim: VictimModel, @unchecked Sendable {
    let labelNames = ["negative", "positive"]
    var seen: [VictimInput] = []

    func predict(_ inputs: [VictimInput]) throws -> [VictimOutput] {
        seen += inputs
        return inputs.map { input in
            let n = Double((input.text + (input.pair ?? "")).filter { ToySentimentVictim.good.contains($0) }.count)
            let p = 1 / (1 + exp(-(2 * n - 3)))
            return VictimOutput(probabilities: [1 - p, p])
        }
    }
}

/// Pair and multiple-choice inputs: a second segment the suite does not name, and `perturb:`.
final class PairInputTests: XCTestCase {
    /// Writes a suite with `dataset` and `attacks` entries beside its data lines and reads it.
    func suite(dataset: String = "{path: data.jsonl, pair: pair}", task: String = "sequence-classification",
               attacks: [String], data: [String]) throws -> AttackSuite {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pairs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("ckpt"), withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: dir.appendingPathComponent("ckpt/config.json"))
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        try Data(data.joined(separator: "\n").utf8).write(to: dir.appendingPathComponent("data.jsonl"))
        let yaml = "name: pairs\ntask: \(task)\ndataset: \(dataset)\ncheckpoints: [{name: toy, path: ckpt}]\nattacks:\n"
            + attacks.map { "  - {\($0), transformations: [homophone], constraints: {max_perturbed_ratio: 0.5}}\n" }.joined()
            + "database: results.sqlite\n"
        try Data(yaml.utf8).write(to: dir.appendingPathComponent("suite.yaml"))
        return try AttackSuite(contentsOf: dir.appendingPathComponent("suite.yaml"))
    }

    /// The one-line message of what `body` throws.
    func message(_ body: () throws -> Any) -> String {
        do { _ = try body(); return "" } catch { return "\(error)" }
    }

    let pairData = [#"{"id": "p0", "text": "这个好", "pair": "那个棒", "label": 1}"#]

    /// Read without its pair, a pair data set is another task: the loader names the file, line and
    /// field and says how to fix it; `pair: null` leaves the pair out on purpose.
    func testAPairFieldTheSuiteDoesNotNameIsAnError() throws {
        let data = [#"{"id": "a", "text": "好", "label": 1}"#, #"{"id": "b", "text": "好", "sentence2": "棒", "label": 1}"#]
        let s = try suite(dataset: "{path: data.jsonl}", attacks: ["name: a"], data: data)
        let m = message { try DatasetLoader.load(s.dataset, task: s.task) }
        XCTAssertTrue(m.hasSuffix("data.jsonl:2: field sentence2 holds a second segment the suite's dataset does not name; "
                                  + "add pair: sentence2 to the dataset (or pair: null to leave it out)"), m)
        XCTAssertFalse(m.contains("\n"), m)
        let declined = try suite(dataset: "{path: data.jsonl, pair: null}", attacks: ["name: a"], data: data)
        XCTAssertNil(try DatasetLoader.load(declined.dataset, task: declined.task)[1].pair)
        let named = try suite(dataset: "{path: data.jsonl, pair: sentence2}", attacks: ["name: a"], data: data)
        XCTAssertEqual(try DatasetLoader.load(named.dataset, task: named.task)[1].pair, "棒")
    }

    /// Token classification and masked LM feed a pair to the model too, so an unnamed one is refused
    /// there as well; question answering and multiple choice read no pair, so the field is no input.
    func testAPairFieldIsCheckedForEveryTaskThatReadsAPair() throws {
        let lines: [String: String] = [
            "token-classification": #"{"id": "a", "text": "好", "tags": ["O"], "text_b": "棒"}"#,
            "masked-lm": #"{"id": "a", "text": "好[MASK]", "label": "的", "text_b": "棒"}"#,
            "question-answering": #"{"id": "a", "text": "好棒", "question": "什么", "answer": "好", "answer_start": 0, "text_b": "棒"}"#,
            "multiple-choice": #"{"id": "a", "text": "哪个", "choices": ["好", "坏"], "label": 0, "text_b": "棒"}"#,
        ]
        for (task, line) in lines {
            let s = try suite(dataset: "{path: data.jsonl}", task: task, attacks: ["name: a"], data: [line])
            let m = message { try DatasetLoader.load(s.dataset, task: s.task) }
            if DatasetLoader.pairTasks.contains(s.task) {
                XCTAssertTrue(m.hasSuffix("data.jsonl:1: field text_b holds a second segment the suite's dataset does not name; "
                                          + "add pair: text_b to the dataset (or pair: null to leave it out)"), "\(task): \(m)")
            } else {
                XCTAssertEqual(m, "", task)
            }
        }
    }

    /// Choices outside a multiple-choice suite would be dropped the same way.
    func testChoicesOutsideMultipleChoiceAreAnError() throws {
        let s = try suite(dataset: "{path: data.jsonl}", attacks: ["name: a"],
                          data: [#"{"id": "a", "text": "哪个好", "choices": ["好", "坏"], "label": 0}"#])
        let m = message { try DatasetLoader.load(s.dataset, task: s.task) }
        XCTAssertTrue(m.hasSuffix("data.jsonl:1: field choices holds answer choices, but the suite's task is sequence-classification; "
                                  + "set task: multiple-choice (or remove the field)"), m)
    }

    /// `perturb: second` rewrites only the pair and holds the text; the default rewrites only the text.
    func testPerturbSecondEditsOnlyThePair() throws {
        let s = try suite(attacks: ["name: text", "name: pair, perturb: second"], data: pairData)
        XCTAssertEqual(s.attacks.map(\.perturb), [.first, .second])
        let victim = ToyPairVictim()
        let sink = MemorySink()
        _ = try AttackRunner(plan: try SuitePlan(suite: s, precision: .fp32), components: ToyComponents(model: victim), sink: sink)
            .run(resume: false)
        let outcomes = Dictionary(uniqueKeysWithValues: sink.runs.enumerated().map { i, run in
            (run.key.attack.name, try! XCTUnwrap(sink.records[Int64(i)]?.first?.outcome))
        })
        let text = try XCTUnwrap(outcomes["text"]), pair = try XCTUnwrap(outcomes["pair"])
        XCTAssertEqual(text.status, .successful)
        XCTAssertEqual(text.attacked?.text, "这个号")
        XCTAssertEqual(pair.status, .successful)
        XCTAssertEqual(pair.attacked?.text, "那个棓")
        XCTAssertEqual(pair.segments, ExampleSegments(edited: "那个棒", fixed: "这个好"))
        XCTAssertEqual(text.segments, ExampleSegments(edited: "这个好", fixed: "那个棒"))
        XCTAssertTrue(victim.seen.contains { $0.text == "这个好" && $0.pair == "那个棓" })
        // No input rewrites both segments: each attack held the other one fixed.
        XCTAssertFalse(victim.seen.contains { $0.text != "这个好" && $0.pair != "那个棒" })
    }

    /// Multiple choice: the second segment is the gold choice, rewritten in place among the others.
    func testMultipleChoiceSecondIsTheGoldChoice() throws {
        var e = DatasetExample(index: 0, id: "m", text: "哪个好")
        e.choices = ["好", "坏", "中"]
        e.label = 0
        let input = VictimInput(example: e, text: "号", task: .multipleChoice, perturb: .second)
        XCTAssertEqual(input.text, "哪个好")
        XCTAssertEqual(input.choices, ["号", "坏", "中"])
        XCTAssertEqual(try e.segments(.second, task: .multipleChoice), ExampleSegments(edited: "好", fixed: "哪个好"))
        XCTAssertEqual(VictimInput(example: e, text: "哪个号", task: .multipleChoice).choices, ["好", "坏", "中"])
    }

    /// `perturb: both` rewrites the text and the pair as one attacked text: the edits needed here
    /// (three of the four good characters) cannot all fall in one segment. The joint is never edited,
    /// never counted and never sent to the model.
    func testPerturbBothEditsTheTwoSegmentsAsOneText() throws {
        let s = try suite(attacks: ["name: both, perturb: both"], data: [#"{"id": "p0", "text": "好棒这个", "pair": "好棒那个", "label": 1}"#])
        XCTAssertEqual(s.attacks.map(\.perturb), [.both])
        let victim = ToyPairVictim()
        let sink = MemorySink()
        _ = try AttackRunner(plan: try SuitePlan(suite: s, precision: .fp32), components: ToyComponents(model: victim), sink: sink)
            .run(resume: false)
        let outcome = try XCTUnwrap(sink.records[0]?.first?.outcome)
        XCTAssertEqual(outcome.segments, ExampleSegments(edited: "好棒这个 ‖ 好棒那个", fixed: nil))
        XCTAssertEqual(outcome.textLength, 8, "the joint is not the example's text")
        XCTAssertEqual(outcome.status, .successful)
        let attacked = try XCTUnwrap(outcome.attacked)
        let (first, second) = ExampleSegments.split(attacked.text)
        XCTAssertNotEqual(first, "好棒这个")
        XCTAssertNotEqual(second, "好棒那个")
        XCTAssertTrue(attacked.text.contains(ExampleSegments.joint), attacked.text)
        XCTAssertFalse(attacked.edits.contains { $0.range.overlaps(8..<11) }, "\(attacked.edits)")
        XCTAssertTrue(victim.seen.contains { $0.text == first && $0.pair == second })
        XCTAssertFalse(victim.seen.contains { $0.text.contains("‖") || ($0.pair ?? "").contains("‖") })
    }

    /// Multiple choice `both`: the stem and the gold choice, rebuilt alike from the example and from
    /// its record; a text that already holds the joint stops the suite naming the line.
    func testPerturbBothOnMultipleChoiceAndTheJointInTheData() throws {
        var e = DatasetExample(index: 0, id: "m", text: "哪个好")
        e.choices = ["好", "坏", "中"]
        e.label = 0
        let segments = try e.segments(.both, task: .multipleChoice)
        XCTAssertEqual(segments, ExampleSegments(edited: "哪个好 ‖ 好", fixed: nil))
        let input = VictimInput(example: e, text: "哪个号 ‖ 号", task: .multipleChoice, perturb: .both)
        XCTAssertEqual(input.text, "哪个号")
        XCTAssertEqual(input.choices, ["号", "坏", "中"])
        let record = ExampleRecord(exampleIndex: 0, exampleId: "m", cleanText: segments.edited, pairText: segments.fixed, choices: e.choices,
                                   label: e.goldLabel, cleanPrediction: .classIndex(0), cleanScores: [1, 0, 0], status: .failed,
                                   queries: 1, modelQueries: 1, perturbedCharacters: 0, textLength: 4, elapsedSeconds: 0)
        XCTAssertEqual(try VictimInput(record: record, text: "哪个号 ‖ 号", task: .multipleChoice, perturb: .both), input)

        let m = message {
            try SuitePlan(suite: try suite(attacks: ["name: both, perturb: both"],
                                           data: [#"{"id": "p0", "text": "这个 ‖ 好", "pair": "那个", "label": 1}"#]), precision: .fp32)
        }
        XCTAssertTrue(m.contains("data.jsonl:1: attack both: example p0: perturb both joins the segments with \" ‖ \""), m)
        XCTAssertFalse(m.contains("\n"), m)
    }

    /// A `both` text's unread ends: the first segment's tail before the joint and the second's tail.
    func testPerturbBothWindowCoversEachSegmentsUnreadTail() {
        let text = "一二三四 ‖ 五六七"
        var output = VictimOutput(probabilities: [0.5, 0.5])
        output.readPrefix = ReadPrefix(text: 2, pair: 1)
        XCTAssertEqual(AttackedSlot.both(choice: nil).unreadRanges(of: output, text: text), [2..<4, 8..<10])
        output.readPrefix = ReadPrefix(text: 1, choices: [nil, 3])
        XCTAssertEqual(AttackedSlot.both(choice: 1).unreadRanges(of: output, text: text), [1..<4])
        XCTAssertEqual(AttackedSlot.pair.unreadRanges(of: VictimOutput(probabilities: [1]), text: text), [])
    }

    /// A bad `perturb` is one line naming the attack's key.
    func testBadPerturbValuesNameTheKey() throws {
        let cases: [(dataset: String, task: String, value: String, problem: String)] = [
            ("{path: data.jsonl, pair: pair}", "sequence-classification", "third",
             #"attacks[0].perturb: unknown value "third" (expected one of: both, first, second)"#),
            ("{path: data.jsonl}", "sequence-classification", "both",
             "attacks[0].perturb: both needs a second segment: name it in the dataset (pair: FIELD)"),
            ("{path: data.jsonl}", "token-classification", "both",
             "attacks[0].perturb: applies to sequence-classification and multiple-choice suites only"),
            ("{path: data.jsonl}", "sequence-classification", "second",
             "attacks[0].perturb: second needs a second segment: name it in the dataset (pair: FIELD)"),
            ("{path: data.jsonl}", "question-answering", "second",
             "attacks[0].perturb: applies to sequence-classification and multiple-choice suites only"),
        ]
        for c in cases {
            let m = message { try suite(dataset: c.dataset, task: c.task, attacks: ["name: a, perturb: \(c.value)"], data: pairData) }
            XCTAssertTrue(m.hasSuffix("suite.yaml: " + c.problem), m)
            XCTAssertFalse(m.contains("\n"), m)
        }
    }
}
