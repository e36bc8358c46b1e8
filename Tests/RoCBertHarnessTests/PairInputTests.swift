import Foundation
import RoCBertAttack
import RoCBertCore
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

    /// A bad `perturb` is one line naming the attack's key.
    func testBadPerturbValuesNameTheKey() throws {
        let cases: [(dataset: String, task: String, value: String, problem: String)] = [
            ("{path: data.jsonl, pair: pair}", "sequence-classification", "third",
             #"attacks[0].perturb: unknown value "third" (expected one of: both, first, second)"#),
            ("{path: data.jsonl, pair: pair}", "sequence-classification", "both",
             "attacks[0].perturb: both is not supported yet (an attacked text is one segment); use first or second"),
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
