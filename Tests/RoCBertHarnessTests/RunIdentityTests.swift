import Foundation
import RoCBertCore
import RoCBertStore
import XCTest
@testable import RoCBertHarness

/// What a run is keyed by, from the suite: the examples' hash, the precision, the spec; and what
/// happens when the data changes under a recorded run.
final class RunIdentityTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("identity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("ckpt"), withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: folder.appendingPathComponent("ckpt/config.json"))
        try writeData((0..<12).map { i in (i % 3 == 0 ? "一般般" : "这家店真好菜也很棒", i % 5 == 0 ? "neg" : "pos") })
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func writeData(_ rows: [(String, String)]) throws {
        let lines = rows.enumerated().map { i, r in #"{"id": "r\#(i)", "text": "\#(r.0)", "label": "\#(r.1)"}"# }
        try Data(lines.joined(separator: "\n").utf8).write(to: folder.appendingPathComponent("data.jsonl"))
    }

    private func suite(dataset: String = "{path: data.jsonl, labels: [neg, pos]}") throws -> AttackSuite {
        let yaml = """
        name: toy
        dataset: \(dataset)
        checkpoints: [{name: toy, path: ckpt}]
        attacks: [{name: swap, transformations: [homophone], constraints: {max_perturbed_ratio: 0.5}}]
        database: results.sqlite
        """
        try Data(yaml.utf8).write(to: folder.appendingPathComponent("suite.yaml"))
        return try AttackSuite(contentsOf: folder.appendingPathComponent("suite.yaml"))
    }

    private func run(_ plan: SuitePlan, resume: Bool = false) throws -> ResultStore {
        let store = try ResultStore(path: plan.suite.database.path)
        _ = try AttackRunner(plan: plan, components: ToyComponents(), sink: store).run(resume: resume)
        return store
    }

    func testTheDatasetHashFollowsTheSelectedExamplesNotTheCommandLineLimit() throws {
        let whole = try SuitePlan(suite: try suite(), precision: .fp32)
        let limited = try SuitePlan(suite: try suite(), precision: .fp32, limit: 4)
        XCTAssertEqual(limited.examples.count, 4)
        XCTAssertEqual(limited.datasetHash, whole.datasetHash, "--limit attacks part of the same data set")
        XCTAssertEqual(whole.datasetHash.count, 64)
        let sampled = try SuitePlan(suite: try suite(dataset: "{path: data.jsonl, labels: [neg, pos], limit: 5, seed: 3}"), precision: .fp32)
        let resampled = try SuitePlan(suite: try suite(dataset: "{path: data.jsonl, labels: [neg, pos], limit: 5, seed: 4}"), precision: .fp32)
        XCTAssertNotEqual(sampled.datasetHash, whole.datasetHash)
        XCTAssertNotEqual(sampled.datasetHash, resampled.datasetHash)
        let renamed = try SuitePlan(suite: try suite(dataset: "{path: data.jsonl, labels: [pos, neg]}"), precision: .fp32)
        XCTAssertNotEqual(renamed.datasetHash, whole.datasetHash, "reordered label names change every gold index")
        try writeData((0..<12).map { i in (i == 7 ? "这家店真好菜也很赞" : (i % 3 == 0 ? "一般般" : "这家店真好菜也很棒"), i % 5 == 0 ? "neg" : "pos") })
        XCTAssertNotEqual(try SuitePlan(suite: try suite(), precision: .fp32).datasetHash, whole.datasetHash)
    }

    func testTheRunKeyCarriesPrecisionDatasetAndSpec() throws {
        let plan = try SuitePlan(suite: try suite(), precision: .bf16x3)
        let s = plan.suite
        let key = plan.runKey(s.attacks[0], s.checkpoints[0], checkpointHash: "h")
        XCTAssertEqual(key.precision, .bf16x3)
        XCTAssertEqual(key.datasetHash, plan.datasetHash)
        XCTAssertEqual(key.attack, s.attacks[0])
        XCTAssertEqual(key.head, .sequenceClassification)
        XCTAssertEqual(key.checkpointHash, "h")
    }

    func testAnEditedDataSetIsNeverMixedIntoARecordedRun() throws {
        let first = try SuitePlan(suite: try suite(), precision: .fp32, limit: 5)
        let store = try run(first)
        let runId = try store.runs()[0].id
        XCTAssertEqual(try store.records(runId: runId).count, 5)
        // The rest of the same data resumes the same run.
        _ = try run(try SuitePlan(suite: try suite(), precision: .fp32), resume: true)
        XCTAssertEqual(try store.records(runId: runId).count, 12)

        try writeData((0..<12).map { i in (i % 2 == 0 ? "真棒" : "一般般", "pos") })
        let edited = try SuitePlan(suite: try suite(), precision: .fp32)
        for resume in [false, true] {
            XCTAssertThrowsError(try run(edited, resume: resume)) { e in
                let line = "\(e)"
                XCTAssertTrue(line.contains(first.datasetHash) && line.contains(edited.datasetHash), line)
                XCTAssertTrue(line.contains("run \(runId) (toy × swap)"), line)
            }
        }
        XCTAssertEqual(try store.runs().count, 1)
        XCTAssertEqual(try store.records(runId: runId).map(\.cleanText), first.selected.map(\.text), "the recorded rows are the old data's")
    }

    func testAnotherPrecisionIsAnotherRun() throws {
        let store = try run(try SuitePlan(suite: try suite(), precision: .fp32, limit: 2))
        _ = try run(try SuitePlan(suite: try suite(), precision: .bf16, limit: 2))
        XCTAssertEqual(try store.runs().map(\.key.precision), [.fp32, .bf16])
    }

    /// A gold label or a target outside the checkpoint's classes stops the suite before anything runs,
    /// naming the data line or the attack (it used to be counted as a wrong prediction, or never reached).
    func testLabelsAndTargetsMustBeTheCheckpointsClasses() throws {
        try writeData([("好", "pos"), ("好好", "neg"), ("很好", "5")])
        XCTAssertThrowsError(try SuitePlan(suite: try suite(), precision: .fp32)) { e in
            XCTAssertEqual("\(e)", "\(self.folder.appendingPathComponent("data.jsonl").path):3: label 5 is outside checkpoint toy's 2 classes (0–1)")
        }
        try writeData([("好", "pos")])
        let targeted = try String(contentsOf: folder.appendingPathComponent("suite.yaml"), encoding: .utf8)
        func targetedSuite(_ target: String) throws -> AttackSuite {
            try Data(targeted.replacingOccurrences(of: "transformations: [homophone],", with: "transformations: [homophone], goal: targeted, target: \(target),").utf8)
                .write(to: folder.appendingPathComponent("suite.yaml"))
            return try AttackSuite(contentsOf: folder.appendingPathComponent("suite.yaml"))
        }
        XCTAssertThrowsError(try SuitePlan(suite: try targetedSuite("7"), precision: .fp32)) { e in
            XCTAssertTrue("\(e)".hasSuffix("suite.yaml: attack swap: target 7 is outside checkpoint toy's 2 classes (0–1)"), "\(e)")
        }
        XCTAssertThrowsError(try targetedSuite("-1")) { e in XCTAssertTrue("\(e)".contains("attacks[0].target: must be a class index"), "\(e)") }
        XCTAssertNoThrow(try SuitePlan(suite: try targetedSuite("1"), precision: .fp32))
    }

    func testASuiteFileThatIsNotUTF8IsRefused() throws {
        _ = try suite()
        var bytes = try Data(contentsOf: folder.appendingPathComponent("suite.yaml"))
        bytes.append(contentsOf: [0x23, 0x20, 0xFF, 0xFE, 0x0A])
        try bytes.write(to: folder.appendingPathComponent("suite.yaml"))
        XCTAssertThrowsError(try AttackSuite(contentsOf: folder.appendingPathComponent("suite.yaml"))) { e in
            XCTAssertTrue("\(e)".hasSuffix("suite.yaml: not valid UTF-8"), "\(e)")
        }
    }

    /// Resuming with a shorter --limit than was recorded: the run keeps planning what it holds, and
    /// the progress counts the examples of this invocation.
    func testAShorterLimitOnResumeNeverPlansBelowWhatIsRecorded() throws {
        let store = try run(try SuitePlan(suite: try suite(), precision: .fp32, limit: 10))
        let sink = store
        let summaries = try AttackRunner(plan: try SuitePlan(suite: try suite(), precision: .fp32, limit: 5), components: ToyComponents(),
                                         sink: sink).run(resume: true)
        XCTAssertEqual(summaries.map(\.done), [5])
        XCTAssertEqual(summaries.map(\.total), [5])
        let info = try XCTUnwrap(store.runs().first)
        XCTAssertEqual(info.recordedExamples, 10)
        XCTAssertEqual(info.plannedExamples, 10, "not 10 / 5")
    }

    func testPlanErrorsNameWhatIsWrong() throws {
        let s = try suite()
        XCTAssertThrowsError(try SuitePlan(suite: s, precision: .fp32, checkpoints: ["nope"])) { e in
            XCTAssertTrue("\(e)".contains("suite.yaml: no checkpoint named nope"), "\(e)")
        }
        XCTAssertThrowsError(try SuitePlan(suite: s, precision: .fp32, limit: 0)) { e in
            XCTAssertEqual("\(e)", "--limit: must be at least 1")
        }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("ckpt/config.json"))
        XCTAssertThrowsError(try SuitePlan(suite: s, precision: .fp32)) { e in
            XCTAssertTrue("\(e)".contains("checkpoint toy: no config.json"), "\(e)")
        }
    }
}
