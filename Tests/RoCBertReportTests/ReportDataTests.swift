import XCTest
import RoCBertStore
@testable import RoCBertReport

final class ReportDataTests: XCTestCase {
    private func run(_ id: Int64, suite: String = "demo", checkpoint: String, hash: String? = nil, attack: String, config: String = "{}", seed: Int = 1) -> ReportRun {
        let key = RunKey(suite: suite, attack: attack, attackConfig: config, checkpointName: checkpoint, checkpointPath: "/m/\(checkpoint)",
                         checkpointHash: hash ?? "h-\(checkpoint)", head: "sequence-classification", seed: seed)
        return ReportRun(info: RunInfo(id: id, key: key, plannedExamples: 0, recordedExamples: 0, finished: true, createdAt: ""), records: [])
    }

    func testAttackConfigReadsTransformationsAndBudgetAtAnyDepth() {
        let c = AttackConfig(json: #"{"search":{"method":"greedy"},"budget":{"max_queries":300},"transformations":["shape",{"name":"synonym"},{"type":"pinyin"}]}"#)
        XCTAssertEqual(c.transformations, ["shape", "synonym", "pinyin"])
        XCTAssertEqual(c.maxQueries, 300)
        XCTAssertEqual(c.withoutBudget, #"{"budget":{},"search":{"method":"greedy"},"transformations":["shape",{"name":"synonym"},{"type":"pinyin"}]}"#)
        XCTAssertEqual(AttackConfig(json: #"{"max_queries":5,"a":1}"#).withoutBudget, AttackConfig(json: #"{"a":1,"max_queries":50}"#).withoutBudget)
        let broken = AttackConfig(json: "not json")
        XCTAssertEqual(broken.transformations, [])
        XCTAssertNil(broken.maxQueries)
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
