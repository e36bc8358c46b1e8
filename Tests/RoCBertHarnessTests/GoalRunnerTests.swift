import Foundation
import RoCBertAttack
import RoCBertCore
import XCTest
@testable import RoCBertHarness

/// A toy reader: the answer runs from the character before 是 to the end when the context says 最好,
/// else from the character after 是 (no 是: no answer).
struct ToyQAVictim: VictimModel {
    let labelNames: [String] = []

    func predict(_ inputs: [VictimInput]) throws -> [VictimOutput] {
        inputs.map { input in
            let context = input.pair ?? ""
            let scalars = Array(context.unicodeScalars)
            var o = VictimOutput()
            guard let i = scalars.firstIndex(of: "是") else { return o }
            let range = (context.contains("最好") ? max(i - 1, 0) : i + 1)..<scalars.count
            o.answer = (range, String(String.UnicodeScalarView(scalars[range])))
            return o
        }
    }
}

/// A toy tagger: 张三 is a person, 北京 a place. With `contextual`, 北 is B-LOC only before 京, so an
/// edit of 京 retags its unedited neighbour.
struct ToyNERVictim: VictimModel {
    static let names = ["O", "B-LOC", "I-LOC", "B-PER", "I-PER"]
    var labelNames: [String] { Self.names }
    var contextual = false

    func predict(_ inputs: [VictimInput]) throws -> [VictimOutput] {
        inputs.map { input in
            let scalars = Array(input.text.unicodeScalars)
            var o = VictimOutput()
            o.characterLabels = scalars.indices.map { i in
                switch scalars[i] {
                case "北": return !contextual || (i + 1 < scalars.count && scalars[i + 1] == "京") ? 1 : 0
                case "京": return 2
                case "张": return 3
                case "三": return 4
                default: return 0
                }
            }
            return o
        }
    }
}

/// Every head's goal through the runner: suite keys, data checks, and what gets recorded.
final class GoalRunnerTests: XCTestCase {
    /// A suite file, its data and a checkpoint folder whose config.json has `id2label`.
    func suite(_ yaml: String, data: [String], id2label: [String] = ToyNERVictim.names) throws -> AttackSuite {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("goal-\(UUID().uuidString)")
        let checkpoint = dir.appendingPathComponent("ckpt")
        try FileManager.default.createDirectory(at: checkpoint, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let labels = id2label.enumerated().map { "\"\($0.offset)\": \"\($0.element)\"" }.joined(separator: ", ")
        try Data("{\"id2label\": {\(labels)}}".utf8).write(to: checkpoint.appendingPathComponent("config.json"))
        try Data(data.joined(separator: "\n").utf8).write(to: dir.appendingPathComponent("data.jsonl"))
        try Data(yaml.utf8).write(to: dir.appendingPathComponent("suite.yaml"))
        return try AttackSuite(contentsOf: dir.appendingPathComponent("suite.yaml"))
    }

    /// Runs every attack of `s`; the outcomes per attack name.
    func run(_ s: AttackSuite, _ components: ToyComponents) throws -> [String: [ExampleOutcome]] {
        let sink = MemorySink()
        _ = try AttackRunner(plan: try SuitePlan(suite: s, precision: .fp32), components: components, sink: sink).run(resume: false)
        return Dictionary(uniqueKeysWithValues: sink.runs.enumerated().map { i, run in
            (run.key.attack.name, sink.records[Int64(i), default: []].map(\.outcome))
        })
    }

    func yaml(task: String, attacks: [String]) -> String {
        "name: goals\ntask: \(task)\ndataset: {path: data.jsonl}\ncheckpoints: [{name: toy, path: ckpt}]\nattacks:\n"
            + attacks.map { "  - {\($0), transformations: [homophone], constraints: {max_perturbed_ratio: 0.5}}\n" }.joined()
            + "database: results.sqlite\n"
    }

    let qaData = [#"{"id": "q0", "text": "他说这里最好的菜是红烧肉", "question": "哪道菜好", "answer": "红烧肉", "answer_start": 9}"#]

    /// Editing a character inside the predicted answer (菜 → 采) is no success: the clean prediction's
    /// span is protected and the span, not its text, is compared.
    func testQAEditsInsideThePredictedAnswerAreNotASuccess() throws {
        let s = try suite(yaml(task: "question-answering", attacks: ["name: span"]), data: qaData)
        XCTAssertEqual(s.attacks.map(\.goal.rule), [GoalOptions.currentRule], "QA specs carry the rule they are judged by")
        var toy = ToyComponents(model: ToyQAVictim())
        toy.generate = swapCandidates(["菜": ["采"], "是": ["事"]])
        let outcome = try XCTUnwrap(try run(s, toy)["span"]?.first)
        XCTAssertEqual(outcome.status, .failed)
        XCTAssertEqual(outcome.attacked?.edits.count, 0, "no edit may touch 菜是红烧肉")
    }

    /// 好 → 号 drops 最好, so the answer moves to 红烧肉: a success by span, F1 rising from 0.75 to 1 —
    /// no success for the F1 variant, which wants F1 to fall by min_f1_drop.
    func testQASpanAndF1Variants() throws {
        let s = try suite(yaml(task: "question-answering", attacks: ["name: span", "name: f1, min_f1_drop: 0.2"]), data: qaData)
        XCTAssertEqual(s.attacks.map(\.goal.minF1Drop), [nil, 0.2])
        var toy = ToyComponents(model: ToyQAVictim())
        toy.generate = swapCandidates(["菜": ["采"], "好": ["号"]])
        let outcomes = try run(s, toy)
        let span = try XCTUnwrap(outcomes["span"]?.first), f1 = try XCTUnwrap(outcomes["f1"]?.first)
        XCTAssertEqual(span.status, .successful)
        XCTAssertEqual(span.attacked?.text, "他说这里最号的菜是红烧肉")
        XCTAssertEqual(span.extraMetrics["clean_f1"] ?? -1, 0.75, accuracy: 1e-12)
        XCTAssertEqual(span.extraMetrics["attacked_f1"], 1)
        XCTAssertEqual(f1.status, .failed)
        XCTAssertEqual(f1.extraMetrics["clean_f1"] ?? -1, 0.75, accuracy: 1e-12)
    }

    /// A context too short for one edit at the attack's ratio fails with no query spent, and still records
    /// both F1s (the attacked answer is the clean one), as every other attacked QA example does.
    func testQAExampleTooShortForAnEditRecordsItsF1s() throws {
        let yaml = "name: goals\ntask: question-answering\ndataset: {path: data.jsonl}\ncheckpoints: [{name: toy, path: ckpt}]\n"
            + "attacks:\n  - {name: span, transformations: [homophone], constraints: {max_perturbed_ratio: 0.05}}\ndatabase: results.sqlite\n"
        let s = try suite(yaml, data: qaData)
        var toy = ToyComponents(model: ToyQAVictim())
        toy.generate = swapCandidates(["好": ["号"]])
        let outcome = try XCTUnwrap(try run(s, toy)["span"]?.first)
        XCTAssertEqual(outcome.status, .failed)
        XCTAssertEqual(outcome.attacked?.edits.count, 0)
        XCTAssertEqual(outcome.extraMetrics["clean_f1"] ?? -1, 0.75, accuracy: 1e-12)
        XCTAssertEqual(outcome.extraMetrics["attacked_f1"] ?? -1, 0.75, accuracy: 1e-12)
    }

    let nerData = [#"{"id": "n0", "text": "张三住在北京", "tags": ["B-PER", "I-PER", "O", "O", "B-LOC", "I-LOC"]}"#]

    /// 京 → 惊 retags only the edited character: no success. When it retags 北 too, 北京 is lost.
    func testNEREditedCharactersAreNotJudged() throws {
        let s = try suite(yaml(task: "token-classification", attacks: ["name: entity"]), data: nerData)
        var toy = ToyComponents(model: ToyNERVictim())
        toy.generate = swapCandidates(["京": ["惊"]])
        XCTAssertEqual(try run(s, toy)["entity"]?.first?.status, .failed)
        toy.model = ToyNERVictim(contextual: true)
        let lost = try XCTUnwrap(try run(s, toy)["entity"]?.first)
        XCTAssertEqual(lost.status, .successful)
        XCTAssertEqual(lost.attacked?.text, "张三住在北惊")
    }

    /// `watch: [PER]` leaves 北京 alone; `ner_level: token` reads the same change per tag.
    func testNERWatchAndLevelKeys() throws {
        let s = try suite(yaml(task: "token-classification", attacks: ["name: per, watch: [PER]", "name: token, ner_level: token"]),
                          data: nerData)
        XCTAssertEqual(s.attacks.map(\.goal.watch), [["PER"], []])
        XCTAssertEqual(s.attacks.map(\.goal.nerLevel), [.entity, .token])
        var toy = ToyComponents(model: ToyNERVictim(contextual: true))
        toy.generate = swapCandidates(["京": ["惊"]])
        let outcomes = try run(s, toy)
        XCTAssertEqual(outcomes["per"]?.first?.status, .failed)
        XCTAssertEqual(outcomes["token"]?.first?.status, .successful)
    }

    /// A tag the checkpoint does not know, or a watched type it never predicts, stops the suite before
    /// it runs, naming the data line or the attack.
    func testUnknownTagsAndWatchedTypesStopThePlan() throws {
        let bad = nerData + [#"{"id": "n1", "text": "在北京", "tags": ["O", "B-MISC", "I-MISC"]}"#]
        let s = try suite(yaml(task: "token-classification", attacks: ["name: entity"]), data: bad)
        XCTAssertThrowsError(try SuitePlan(suite: s, precision: .fp32)) {
            XCTAssertTrue("\($0)".hasSuffix("data.jsonl:2: tag B-MISC is not among checkpoint toy's labels (O, B-LOC, I-LOC, B-PER, I-PER)"), "\($0)")
        }
        let w = try suite(yaml(task: "token-classification", attacks: ["name: misc, watch: [PER, MISC]"]), data: nerData)
        XCTAssertThrowsError(try SuitePlan(suite: w, precision: .fp32)) {
            XCTAssertTrue("\($0)".hasSuffix("suite.yaml: attack misc: watch: entity type MISC is not among checkpoint toy's entity types (LOC, PER)"), "\($0)")
        }
    }

    /// Malformed goal keys name the attack's field, on one line.
    func testMalformedGoalKeysNameTheField() throws {
        let cases: [(String, String, String)] = [
            ("question-answering", "name: a, min_f1_drop: -0.1", "attacks[0].min_f1_drop: must lie in (0, 1]"),
            ("question-answering", "name: a, min_f1_drop: 1.5", "attacks[0].min_f1_drop: must lie in (0, 1]"),
            ("question-answering", "name: a, min_f1_drop: 0", "attacks[0].min_f1_drop: must lie in (0, 1]"),
            ("question-answering", "name: a, watch: [PER]", "attacks[0].watch: applies to token-classification suites only"),
            ("token-classification", "name: a, min_f1_drop: 0.5", "attacks[0].min_f1_drop: applies to question-answering suites only"),
            ("token-classification", "name: a, ner_level: entitiy", "attacks[0].ner_level: unknown value \"entitiy\" (expected one of: entity, token)"),
            ("token-classification", "name: a, watch: [B-PER]", "attacks[0].watch[0]: must be an entity type such as PER or LOC"),
            ("token-classification", "name: a, watch: []", "attacks[0].watch: needs at least one entity type"),
            ("sequence-classification", "name: a, ner_level: token", "attacks[0].ner_level: applies to token-classification suites only"),
            ("token-classification", "name: a, wach: [PER]", "attacks[0].wach: unknown field"),
        ]
        for (task, attack, message) in cases {
            XCTAssertThrowsError(try suite(yaml(task: task, attacks: [attack]), data: nerData), message) { e in
                XCTAssertTrue("\(e)".contains("suite.yaml: " + message), "\(e) should contain \(message)")
                XCTAssertFalse("\(e)".contains("\n"))
            }
        }
    }

    /// Through the CLI: a tag the checkpoint lacks and a misspelt ner_level each stop `rocbert run`
    /// with one line and exit 1, before a database exists.
    func testBadGoalInputsExitNonZeroInOneLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("goal-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        // The fixture's id2label is LABEL_0 … LABEL_4.
        let checkpoint = EndToEndTests.root.appendingPathComponent("scripts/fixtures/model/token-classification").path
        let lines = [#"{"text": "北京", "tags": ["LABEL_1", "LABEL_2"]}"#, #"{"text": "上海", "tags": ["B-MISC", "I-MISC"]}"#]
        try Data(lines.joined(separator: "\n").utf8).write(to: dir.appendingPathComponent("data.jsonl"))
        let suite = dir.appendingPathComponent("suite.yaml")
        let cases = [("", "data.jsonl:2: tag B-MISC is not among checkpoint tc's labels (LABEL_0, LABEL_1, LABEL_2, LABEL_3, LABEL_4)"),
                     (", ner_level: tokens", "suite.yaml: attacks[0].ner_level: unknown value \"tokens\"")]
        for (extra, message) in cases {
            let yaml = "name: g\ntask: token-classification\ndataset: {path: data.jsonl}\ncheckpoints: [{name: tc, path: \(checkpoint)}]\n"
                + "attacks: [{name: a, transformations: [homophone]\(extra)}]\ndatabase: results.sqlite\n"
            try Data(yaml.utf8).write(to: suite)
            let r = try EndToEndTests.rocbert(["run", suite.path, "--quiet"])
            XCTAssertEqual(r.status, 1, r.stderr)
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
            XCTAssertTrue(r.stderr.contains(message), r.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("results.sqlite").path))
        }
    }
}
