import Foundation
import XCTest
import RoCBertAttack
import RoCBertCore
@testable import RoCBertHarness

final class RunnerTests: XCTestCase {
    func suite(_ yaml: String) throws -> AttackSuite {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("suite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let lines = (0..<30).map { i in #"{"id": "r\#(i)", "text": "\#(i % 3 == 0 ? "一般般" : "这家店真好菜也很棒")", "label": "\#(i % 5 == 0 ? "neg" : "pos")"}"# }
        try Data(lines.joined(separator: "\n").utf8).write(to: dir.appendingPathComponent("data.jsonl"))
        let url = dir.appendingPathComponent("suite.yaml")
        try Data(yaml.utf8).write(to: url)
        return try AttackSuite(contentsOf: url)
    }

    let yaml = """
    name: toy
    task: sequence-classification
    dataset: {path: data.jsonl, labels: [neg, pos], id: id}
    checkpoints: [{name: toy, path: ckpt}]
    attacks:
      - {name: swap, transformations: [homophone], search: greedy, constraints: {max_perturbed_ratio: 0.5}}
    database: results.sqlite
    """

    /// The toy suite's checkpoint folder does not exist; the plan checks folders, so give it one.
    func plan(_ s: AttackSuite, limit: Int? = nil) throws -> SuitePlan {
        for c in s.checkpoints {
            try FileManager.default.createDirectory(at: c.path, withIntermediateDirectories: true)
            try Data("{}".utf8).write(to: c.path.appendingPathComponent("config.json"))
        }
        return try SuitePlan(suite: s, precision: .fp32, limit: limit)
    }

    func runner(_ s: AttackSuite, _ sink: MemorySink, limit: Int? = nil) throws -> AttackRunner {
        AttackRunner(plan: try plan(s, limit: limit), components: ToyComponents(), sink: sink)
    }

    func testRunRecordsEveryExampleOnce() throws {
        let s = try suite(yaml)
        let examples = try DatasetLoader.load(s.dataset, task: s.task)
        XCTAssertEqual(examples.count, 30)
        let sink = MemorySink()
        let summary = try runner(s, sink).run(resume: false)
        XCTAssertEqual(sink.records[0]?.count, 30)
        XCTAssertEqual(summary.first?.done, 30)
        let statuses = Dictionary(grouping: sink.records[0]!, by: { $0.outcome.status }).mapValues(\.count)
        // Label "neg" on a positive-looking text, and "pos" on 一般般, are wrong clean predictions.
        XCTAssertEqual(statuses[.skipped], 12)
        XCTAssertEqual(statuses[.successful], 16)
        // 一般般 labelled neg: right, but nothing to swap.
        XCTAssertEqual(statuses[.failed], 2)
    }

    func testInterruptedRunResumesWithEveryExampleExactlyOnce() throws {
        let s = try suite(yaml)
        let examples = try DatasetLoader.load(s.dataset, task: s.task)
        let sink = MemorySink()
        sink.failAfter = 11
        XCTAssertThrowsError(try runner(s, sink).run(resume: false))
        XCTAssertEqual(sink.records[0]?.count, 11)
        sink.failAfter = nil
        XCTAssertThrowsError(try runner(s, sink).run(resume: false)) { e in
            XCTAssertTrue("\(e)".contains("pass --resume"), "\(e)")
        }
        _ = try runner(s, sink).run(resume: true)
        XCTAssertEqual(sink.records[0]!.map(\.example.index).sorted(), Array(0..<30))
        let uninterrupted = MemorySink()
        _ = try runner(s, uninterrupted).run(resume: false)
        let byIndex = { (sink: MemorySink) in sink.records[0]!.sorted { $0.example.index < $1.example.index }.map { "\($0.outcome.status) \($0.outcome.attacked?.text ?? "")" } }
        XCTAssertEqual(byIndex(sink), byIndex(uninterrupted))
    }

    /// The edit budget is ⌊ratio × length⌋: a text too short for one edit is left alone (failed, one
    /// query: the clean prediction) unless `min_edits` asks for edits anyway.
    func testShortTextsGetNoEditUnlessMinEditsAsks() throws {
        var c = AttackSpec.Constraints()
        c.maxPerturbedRatio = 0.1
        XCTAssertEqual(c.editBudget.characters(length: 9), 0)
        XCTAssertEqual(c.editBudget.characters(length: 10), 1)
        XCTAssertEqual(c.editBudget.characters(length: 25), 2)
        c.minEdits = 1
        XCTAssertEqual(c.editBudget.characters(length: 9), 1)
        XCTAssertEqual(c.editBudget.characters(length: 25), 2)

        let strict = try suite(yaml.replacingOccurrences(of: "max_perturbed_ratio: 0.5", with: "max_perturbed_ratio: 0.1"))
        let sink = MemorySink()
        _ = try runner(strict, sink).run(resume: false)
        // 这家店真好菜也很棒 has 9 characters: no edit at 0.1, so every correctly classified one survives;
        // with two edits allowed, both of its good characters can go.
        let outcomes = sink.records[0]!.map(\.outcome)
        XCTAssertFalse(outcomes.contains { $0.status == .successful })
        for o in outcomes where o.status == .failed {
            XCTAssertEqual(o.modelQueries, 1)
            XCTAssertEqual(o.attacked?.edits.count, 0)
        }
        let lenient = try suite(yaml.replacingOccurrences(of: "max_perturbed_ratio: 0.5", with: "max_perturbed_ratio: 0.1, min_edits: 2"))
        let again = MemorySink()
        _ = try runner(lenient, again).run(resume: false)
        XCTAssertTrue(again.records[0]!.contains { $0.outcome.status == .successful })
        XCTAssertThrowsError(try suite(yaml.replacingOccurrences(of: "max_perturbed_ratio: 0.5", with: "min_edits: -1"))) {
            XCTAssertTrue("\($0)".contains("attacks[0].constraints.min_edits: must be at least 0"), "\($0)")
        }
    }

    /// A model whose scores are NaN (finite weights whose activations overflow; NaN weights stop the
    /// suite at load, EndToEndTests.testNaNWeightsStopTheSuiteAtLoad) gives an error per example, counted apart,
    /// never a "skipped" or "failed" that would read as a figure.
    func testNonFiniteScoresAreErrorsNotResults() throws {
        struct NaNVictim: VictimModel {
            let labelNames = ["neg", "pos"]
            func predict(_ inputs: [VictimInput]) throws -> [VictimOutput] { inputs.map { _ in VictimOutput(probabilities: [.nan, .nan]) } }
        }
        let sink = MemorySink()
        let summary = try AttackRunner(plan: try plan(try suite(yaml)), components: ToyComponents(model: NaNVictim()), sink: sink).run(resume: false)
        XCTAssertTrue(summary[0].line.contains("30 errors (see the report)"), summary[0].line)
        let outcomes = sink.records[0]!.map(\.outcome)
        XCTAssertEqual(Set(outcomes.map(\.status)), [.error])
        XCTAssertTrue(outcomes[0].errorMessage?.contains("not finite") == true, "\(outcomes[0].errorMessage ?? "")")
    }

    /// Hostile suite files are refused before Yams builds them: aliases that expand a billion times,
    /// flow collections nested 100,000 deep, a file of several megabytes.
    func testHostileSuitesAreRefusedInOneLine() throws {
        var laughs = "name: lol\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 { laughs += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        let deep = "name: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n"
        let huge = yaml + "# " + String(repeating: "x", count: 2 << 20) + "\n"
        for (text, message) in [(laughs, "expands to more than 100000 values"), (deep, "nested deeper than 64 levels"),
                                (huge, "larger than 1048576 bytes")] {
            XCTAssertThrowsError(try suite(text)) { e in
                XCTAssertTrue("\(e)".contains(message) && "\(e)".contains("suite.yaml"), "\(e)")
                XCTAssertFalse("\(e)".contains("\n"))
            }
        }
        // Aliases themselves are fine when they stay small.
        let aliased = yaml.replacingOccurrences(of: "constraints: {max_perturbed_ratio: 0.5}", with: "constraints: &c {max_perturbed_ratio: 0.5}")
        XCTAssertNoThrow(try suite(aliased))
    }

    func testMalformedSuitesNameTheField() throws {
        let cases: [(String, String)] = [
            (yaml.replacingOccurrences(of: "search: greedy", with: "search: gredy"), "attacks[0].search: unknown search \"gredy\""),
            (yaml.replacingOccurrences(of: "transformations: [homophone]", with: "transformations: [homofone]"), "attacks[0].transformations[0]: unknown transformation"),
            (yaml.replacingOccurrences(of: "name: toy\n", with: ""), "name: is missing"),
            (yaml.replacingOccurrences(of: "task: sequence-classification", with: "task: summarization"), "task: unknown value \"summarization\""),
            (yaml + "\nextra: 1", "extra: unknown field"),
            (yaml.replacingOccurrences(of: "max_perturbed_ratio: 0.5", with: "max_perturbed_ratio: 2"), "attacks[0].constraints.max_perturbed_ratio: must lie in (0, 1]"),
            ("name: [unclosed", "not valid YAML"),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try suite(text), message) { e in
                XCTAssertTrue("\(e)".contains(message), "\(e) should contain \(message)")
                XCTAssertTrue("\(e)".contains("suite.yaml"), "\(e)")
                XCTAssertFalse("\(e)".contains("\n"), "\(e)")
            }
        }
    }

    func testBudgetListGivesOneAttackPerBudget() throws {
        let s = try suite(yaml.replacingOccurrences(of: "search: greedy,", with: "search: greedy, max_queries: [5, 50],"))
        XCTAssertEqual(s.attacks.map(\.maxQueries), [5, 50])
        XCTAssertNotEqual(s.attacks[0].canonicalJSON, s.attacks[1].canonicalJSON)
    }

    func testBadDataLinesAreNamed() throws {
        let s = try suite(yaml)
        let data = s.dataset.path
        let cases: [(Data, String)] = [
            (Data("{\"text\": \"好\", \"label\": \"pos\"}\n{\"text\": \"好\", \"label\": \"pos\"\n".utf8), "data.jsonl:2: not a JSON object"),
            (Data("{\"text\": \"好\", \"label\": \"pos\"}\n".utf8) + Data([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D, 0x0A]), "data.jsonl:2: not valid UTF-8"),
            (Data("{\"text\": \"  \", \"label\": \"pos\"}\n".utf8), "data.jsonl:1: field text is empty"),
            (Data("{\"text\": \"好\", \"label\": \"meh\"}\n".utf8), "data.jsonl:1: label \"meh\""),
            (Data("{\"label\": \"pos\"}\n".utf8), "data.jsonl:1: field text is missing"),
            (Data(("{\"text\": \"" + String(repeating: "好", count: 10_001) + "\", \"label\": \"pos\"}\n").utf8),
             "data.jsonl:1: field text has 10001 characters, more than the data set's max_text_chars (10000)"),
        ]
        for (bytes, message) in cases {
            try bytes.write(to: data)
            XCTAssertThrowsError(try DatasetLoader.load(s.dataset, task: s.task)) { e in
                XCTAssertTrue("\(e)".contains(message), "\(e) should contain \(message)")
            }
        }
    }

    func testCSVAndTSVDataSets() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data("label,text\n1,\"很好, 真的\"\n0,\"一般\"\"吧\"\"\"\n".utf8).write(to: dir.appendingPathComponent("d.csv"))
        try Data("label\ttext\n1\t很好\n".utf8).write(to: dir.appendingPathComponent("d.tsv"))
        for name in ["d.csv", "d.tsv"] {
            let y = "name: t\ndataset: {path: \(name)}\ncheckpoints: [{path: c}]\nattacks: [{name: a, transformations: [visual]}]\ndatabase: x.sqlite\n"
            try Data(y.utf8).write(to: dir.appendingPathComponent("s.yaml"))
            let s = try AttackSuite(contentsOf: dir.appendingPathComponent("s.yaml"))
            let e = try DatasetLoader.load(s.dataset, task: s.task)
            XCTAssertEqual(e.first?.label, 1)
            if name == "d.csv" { XCTAssertEqual(e.map(\.text), ["很好, 真的", "一般\"吧\""]) }
        }
    }
}
