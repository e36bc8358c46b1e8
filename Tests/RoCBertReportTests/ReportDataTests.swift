import RoCBertCore
import XCTest
import RoCBertStore
@testable import RoCBertReport

final class ReportDataTests: XCTestCase {
    private func run(_ id: Int64, suite: String = "demo", checkpoint: String, hash: String? = nil, attack: String, seed: UInt64 = 1,
                     precision: Precision = .fp32) -> ReportRun {
        let key = RunKey(suite: suite, attack: AttackSpec(name: attack, transformations: ["visual"]), checkpointName: checkpoint,
                         checkpointPath: "/m/\(checkpoint)", checkpointHash: hash ?? "h-\(checkpoint)", precision: precision,
                         datasetHash: "d", head: .sequenceClassification, seed: seed)
        return ReportRun(info: RunInfo(id: id, key: key, plannedExamples: 0, recordedExamples: 0, finished: true, createdAt: ""), records: [])
    }

    func testLabelsNameThePrecisionOfRunsNotInFP32() {
        let data = ReportData(runs: [
            run(1, checkpoint: "demo-rocbert", attack: "x"),
            run(2, checkpoint: "demo-rocbert", attack: "x", precision: .bf16x3),
            run(3, checkpoint: "demo-rocbert", attack: "x", precision: .bf16),
        ], databaseName: "db")
        XCTAssertEqual(data.checkpoints, ["demo-rocbert", "demo-rocbert (bf16x3)", "demo-rocbert (bf16)"])
        XCTAssertEqual(data.attacks, ["x"], "one attack: the precisions are columns of the same comparison")
        let retrained = ReportData(runs: [
            run(1, checkpoint: "m", hash: "aaaaaaaa1111", attack: "x", precision: .bf16),
            run(2, checkpoint: "m", hash: "bbbbbbbb2222", attack: "x", precision: .bf16),
        ], databaseName: "db")
        XCTAssertEqual(retrained.checkpoints, ["m (bf16, aaaaaaaa)", "m (bf16, bbbbbbbb)"])
    }

    func testRetrainedCheckpointsWithOneNameGetTheirShortHash() {
        let data = ReportData(runs: [run(1, checkpoint: "m", hash: "aaaaaaaa1111", attack: "x"), run(2, checkpoint: "m", hash: "bbbbbbbb2222", attack: "x")],
                              databaseName: "db")
        XCTAssertEqual(data.checkpoints, ["m (aaaaaaaa)", "m (bbbbbbbb)"])
    }

    func testSeveralSuitesPrefixTheAttackAndSeedsSeparateRuns() {
        let data = ReportData(runs: [
            run(1, suite: "s1", checkpoint: "a", attack: "x"),
            run(2, suite: "s2", checkpoint: "a", attack: "x"),
            run(3, suite: "s1", checkpoint: "b", attack: "x", seed: 1),
            run(4, suite: "s1", checkpoint: "b", attack: "x", seed: 2),
        ], databaseName: "db")
        XCTAssertEqual(data.attacks, ["s1/x seed 1", "s2/x", "s1/x seed 2"])
        XCTAssertEqual(data.runs.map(\.info.id), [1, 3, 2, 4], "ordered by attack, then checkpoint")
    }

    func testRunsAreOrderedByAttackThenCheckpointAsFirstSeen() {
        let data = ReportData(runs: [run(1, checkpoint: "b", attack: "y"), run(2, checkpoint: "a", attack: "x"), run(3, checkpoint: "a", attack: "y")],
                              databaseName: "db")
        XCTAssertEqual(data.checkpoints, ["b", "a"])
        XCTAssertEqual(data.attacks, ["y", "x"])
        XCTAssertEqual(data.runs.map(\.info.id), [1, 3, 2])
    }
}
