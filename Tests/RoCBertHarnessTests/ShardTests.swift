import Foundation
import XCTest
import RoCBertCore
@testable import RoCBertHarness

/// `Shard` (which part, from the flag or the engine's variables) and `ShardAssignment` (who does what).
final class ShardTests: XCTestCase {
    func line(_ body: () throws -> Any) -> String {
        do {
            _ = try body()
            XCTFail("expected an error")
            return ""
        } catch {
            return "\(error)"
        }
    }

    func testTheFlagReadsAZeroBasedIndexOfN() throws {
        XCTAssertEqual(try Shard(parsing: "0/4"), try Shard(index: 0, count: 4))
        XCTAssertEqual(try Shard(parsing: "3/4").description, "3/4")
        XCTAssertTrue(line { try Shard(parsing: "4/4") }.contains("outside 0–3 (indices are 0-based)"))
        XCTAssertTrue(line { try Shard(parsing: "-1/4") }.contains("outside 0–3"))
        XCTAssertTrue(line { try Shard(parsing: "0/0") }.contains("at least 1"))
        for bad in ["", "1", "a/b", "1/2/3", "1/", "/2", " 1/2"] {
            XCTAssertTrue(line { try Shard(parsing: bad) }.hasPrefix("--shard: expected I/N"), bad)
        }
    }

    func testTheShardDatabaseSitsBesideTheSuites() throws {
        let shard = try Shard(index: 2, count: 5)
        XCTAssertEqual(shard.database(beside: URL(fileURLWithPath: "/r/demo.sqlite")).path, "/r/demo.shard-2-of-5.sqlite")
        XCTAssertEqual(shard.database(beside: URL(fileURLWithPath: "/r/results")).path, "/r/results.shard-2-of-5.sqlite")
    }

    func testTheEngineGivesTheIndex() throws {
        // Kubernetes: the index only; the count from --shards.
        XCTAssertEqual(try Shard.fromEnvironment(["JOB_COMPLETION_INDEX": "2"], shards: 3), try Shard(index: 2, count: 3))
        XCTAssertTrue(line { try Shard.fromEnvironment(["JOB_COMPLETION_INDEX": "2"], shards: nil) }.contains("pass --shards N"))
        XCTAssertTrue(line { try Shard.fromEnvironment(["JOB_COMPLETION_INDEX": "3"], shards: 3) }.hasPrefix("JOB_COMPLETION_INDEX: shard index 3 is outside"))
        XCTAssertTrue(line { try Shard.fromEnvironment(["JOB_COMPLETION_INDEX": "x"], shards: 3) }.contains("not an integer"))
        // Slurm: --array=1-3 is shards 0–2; the count from the array, checked against --shards.
        let slurm = ["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "3"]
        XCTAssertEqual(try Shard.fromEnvironment(slurm, shards: nil), try Shard(index: 2, count: 3))
        XCTAssertEqual(try Shard.fromEnvironment(slurm, shards: 3), try Shard(index: 2, count: 3))
        XCTAssertTrue(line { try Shard.fromEnvironment(slurm, shards: 4) }.contains("is 3 but --shards says 4"))
        XCTAssertEqual(try Shard.fromEnvironment(["SLURM_ARRAY_TASK_ID": "0"], shards: 2), try Shard(index: 0, count: 2))
        XCTAssertTrue(line { try Shard.fromEnvironment(["SLURM_ARRAY_TASK_ID": "0"], shards: nil) }.contains("SLURM_ARRAY_TASK_COUNT: is not set"))
        XCTAssertTrue(line { try Shard.fromEnvironment(slurm.merging(["SLURM_ARRAY_TASK_STEP": "2"]) { $1 }, shards: nil) }
            .contains("contiguous array"))
        XCTAssertTrue(line { try Shard.fromEnvironment([:], shards: 3) }.contains("neither SLURM_ARRAY_TASK_ID"))
    }

    func examples(_ lengths: [Int]) -> [DatasetExample] {
        lengths.enumerated().map { DatasetExample(index: $0.offset, id: "e\($0.offset)", text: String(repeating: "好", count: $0.element)) }
    }

    func testEveryUnitGoesToExactlyOneShardTheSameWayEveryTime() throws {
        let data = examples((0..<40).map { 5 + ($0 * 37) % 60 })
        let checkpoints = ["a", "b", "c"]
        for count in [1, 2, 3, 7, 500] {
            let split = ShardAssignment(checkpoints: checkpoints, attacks: 4, examples: data, count: count)
            var seen: [ShardAssignment.Unit: Int] = [:]
            for s in 0..<count {
                for c in checkpoints {
                    for a in 0..<4 {
                        let share = split.examples(shard: s, checkpoint: c, attack: a, of: data)
                        for e in share { seen[.init(checkpoint: c, attack: a, example: e.index), default: 0] += 1 }
                        // Every shard takes part of every run, so a slow attack is spread over all of them.
                        if count <= 7 { XCTAssertGreaterThanOrEqual(share.count, 40 / count / 2, "shard \(s) of \(count), \(c) attack \(a)") }
                    }
                }
            }
            XCTAssertEqual(seen.count, 3 * 4 * 40, "every unit assigned (\(count) shards)")
            XCTAssertEqual(Set(seen.values), [1], "no unit twice (\(count) shards)")
            XCTAssertEqual((0..<count).map { split.unitCount(shard: $0) }.reduce(0, +), 480)
            let again = ShardAssignment(checkpoints: checkpoints, attacks: 4, examples: data, count: count)
            XCTAssertEqual(again.shardOf, split.shardOf, "deterministic (\(count) shards)")
            // Longest first onto the least loaded: no shard exceeds another by more than one unit's cost.
            let largest = data.map { 1 + $0.text.unicodeScalars.count }.max()!
            XCTAssertLessThanOrEqual(split.load.max()! - split.load.min()!, largest, "balanced (\(count) shards)")
        }
    }

    /// A `--jobs` worker plans fewer checkpoints but must attack exactly its shard's units of them.
    func testAWorkersPlanKeepsTheWholeSuitesSplit() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shard-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        for c in ["a", "b"] {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent(c), withIntermediateDirectories: true)
            try Data("{}".utf8).write(to: dir.appendingPathComponent("\(c)/config.json"))
        }
        let lines = (0..<12).map { #"{"id": "r\#($0)", "text": "\#(String(repeating: "好", count: 3 + $0))", "label": "pos"}"# }
        try Data(lines.joined(separator: "\n").utf8).write(to: dir.appendingPathComponent("data.jsonl"))
        try Data("""
            name: toy
            dataset: {path: data.jsonl, labels: [neg, pos], id: id}
            checkpoints: [{name: a, path: a}, {name: b, path: b}]
            attacks: [{name: swap, transformations: [homophone], search: greedy}]
            database: results.sqlite
            """.utf8).write(to: dir.appendingPathComponent("suite.yaml"))
        let suite = try AttackSuite(contentsOf: dir.appendingPathComponent("suite.yaml"))
        let shard = try Shard(index: 1, count: 3)
        let whole = try SuitePlan(suite: suite, precision: .fp32, shard: shard)
        let worker = try SuitePlan(suite: suite, precision: .fp32, checkpoints: ["b"], shard: shard)
        let b = suite.checkpoints[1]
        XCTAssertEqual(worker.examples(for: b, attack: 0).map(\.index), whole.examples(for: b, attack: 0).map(\.index))
        XCTAssertFalse(whole.examples(for: b, attack: 0).isEmpty)
        let info = try XCTUnwrap(whole.shardInfo(checkpointHashes: ["a": "ha", "b": "hb"]))
        XCTAssertEqual([info.index, info.count, info.plannedExamples], [1, 3, 12])
        XCTAssertEqual(info.units, whole.examples(for: suite.checkpoints[0], attack: 0).count + whole.examples(for: b, attack: 0).count)
        // The plan hash follows what the shards do: another checkpoint content or --limit is another plan.
        XCTAssertEqual(try whole.shardInfo(checkpointHashes: ["a": "ha", "b": "hb"])?.planHash, info.planHash)
        XCTAssertNotEqual(try whole.shardInfo(checkpointHashes: ["a": "ha", "b": "other"])?.planHash, info.planHash)
        let limited = try SuitePlan(suite: suite, precision: .fp32, limit: 6, shard: shard)
        XCTAssertNotEqual(try limited.shardInfo(checkpointHashes: ["a": "ha", "b": "hb"])?.planHash, info.planHash)
        XCTAssertNil(try SuitePlan(suite: suite, precision: .fp32).shardInfo(checkpointHashes: [:]))
    }
}
