import Foundation
import RoCBertCore
import XCTest
@testable import RoCBertStore

/// `ShardMerge`: shard databases of one plan joined by run key; every refusal leaves the output as it was.
final class ShardMergeTests: XCTestCase {
    /// Two runs (attacks a and b) of 6 examples; shard `index` of `count` holds the examples with
    /// index % count == shard index (a stand-in for the harness's split).
    static let keys = [StoreFixtures.key(attack: "a"), StoreFixtures.key(attack: "b")]

    static func info(_ index: Int, of count: Int = 3, suite: String = "demo", plan: String = "plan-1") -> ShardInfo {
        ShardInfo(suite: suite, planHash: plan, index: index, count: count, plannedExamples: 6, units: 2 * (0..<6).filter { $0 % count == index }.count)
    }

    /// A shard database holding `examples` (default: all of its share) of both runs.
    func shard(_ index: Int, of count: Int = 3, in dir: URL, info: ShardInfo? = nil, examples: [Int]? = nil,
               status: ExampleStatus = .failed) throws -> String {
        let path = dir.appendingPathComponent("results.shard-\(index)-of-\(count).sqlite").path
        let store = try ResultStore(path: path)
        let info = info ?? Self.info(index, of: count)
        try store.claimShard(info)
        let share = (0..<6).filter { $0 % count == index }
        for key in Self.keys {
            let run = try store.openRun(key, plannedExamples: share.count).runId
            for i in examples ?? share { try store.record(StoreFixtures.record(index: i, status: status), runId: run) }
            if (examples ?? share).count == share.count { try store.finishRun(run) }
        }
        return path
    }

    /// Every row of every table, as text: equal dumps mean equal databases.
    func dump(_ path: String) throws -> [String] {
        let db = try SQLiteDatabase(path: path, create: false)
        var lines: [String] = []
        for table in ["runs", "examples", "perturbations", "shards", "judgements"] {
            let columns = try db.prepare("SELECT name FROM pragma_table_info('\(table)')").rows { $0.text(0) ?? "" }
            let row = columns.map { "quote(\($0))" }.joined(separator: " || '|' || ")
            lines += try db.prepare("SELECT \(row) FROM \(table) ORDER BY rowid").rows { "\(table): " + ($0.text(0) ?? "") }
        }
        return lines
    }

    func refusal(_ body: () throws -> Void) -> String {
        do {
            try body()
            XCTFail("expected a refusal")
            return ""
        } catch {
            return "\(error)"
        }
    }

    func testShardsMergeIntoOneDatabaseWithEveryExampleOnce() throws {
        let dir = temporaryDirectory()
        let shards = try (0..<3).map { try shard($0, in: dir) }
        let out = dir.appendingPathComponent("results.sqlite").path
        // Given in reverse: runs are still numbered as shard 0 opened them.
        let summary = try ShardMerge.merge(into: out, shards: shards.reversed())
        XCTAssertEqual(summary.added, 12)
        XCTAssertEqual(summary.alreadyThere, 0)
        XCTAssertEqual(summary.mergedShards, [0, 1, 2])
        XCTAssertTrue(summary.complete, "\(summary.lines)")
        let store = try ResultStore(path: out, create: false)
        let runs = try store.runs()
        XCTAssertEqual(runs.map(\.key.attack.name), ["a", "b"])
        XCTAssertEqual(runs.map(\.plannedExamples), [6, 6])
        XCTAssertEqual(runs.map(\.finished), [true, true])
        for run in runs {
            XCTAssertEqual(try store.records(runId: run.id), (0..<6).map { StoreFixtures.record(index: $0) })
        }
        XCTAssertEqual(try store.shards().map(\.index), [0, 1, 2])
    }

    func testMergingAShardTwiceChangesNothing() throws {
        let dir = temporaryDirectory()
        let shards = try (0..<3).map { try shard($0, in: dir) }
        let out = dir.appendingPathComponent("merged.sqlite").path
        _ = try ShardMerge.merge(into: out, shards: shards)
        let before = try dump(out)
        let again = try ShardMerge.merge(into: out, shards: [shards[1], shards[1], shards[0]])
        XCTAssertEqual(again.added, 0)
        XCTAssertEqual(again.alreadyThere, 12)  // shard 1 counted each time it is given
        XCTAssertEqual(try dump(out), before)
    }

    func testAPartialMergeSaysWhatIsMissingAndLaterMergesComplete() throws {
        let dir = temporaryDirectory()
        let first = try shard(0, in: dir)
        let killed = try shard(1, in: dir, examples: [1])  // its job died after one example per run
        let out = dir.appendingPathComponent("merged.sqlite").path
        let partial = try ShardMerge.merge(into: out, shards: [first, killed])
        XCTAssertEqual(partial.missingShards, [2])
        XCTAssertEqual(partial.unfinishedShards, [.init(file: killed, shard: 1, recorded: 2, units: 4)])
        XCTAssertEqual(partial.incompleteRuns.map(\.recorded), [3, 3])
        XCTAssertFalse(partial.complete)
        XCTAssertTrue(partial.lines.contains { $0.contains("shard 2 of 3 not merged") }, "\(partial.lines)")
        XCTAssertTrue(partial.lines.contains { $0.contains("tiny × a: 3 of 6 examples") }, "\(partial.lines)")
        XCTAssertEqual(try ResultStore(path: out, create: false).runs().map(\.finished), [false, false])

        // The engine retries shard 1 (it resumes its own file), shard 2 runs; merging again completes.
        let retried = try ResultStore(path: killed)
        for key in Self.keys {
            let run = try retried.openRun(key, plannedExamples: 2).runId
            try retried.record(StoreFixtures.record(index: 4), runId: run)
            try retried.finishRun(run)
        }
        let full = try ShardMerge.merge(into: out, shards: [killed, try shard(2, in: dir)])
        XCTAssertTrue(full.complete, "\(full.lines)")
        XCTAssertEqual(full.added, 6)
        XCTAssertEqual(try ResultStore(path: out, create: false).runs().map(\.finished), [true, true])
    }

    func testCompleteRefusesAnIncompleteMergeAndCreatesNothing() throws {
        let dir = temporaryDirectory()
        let out = dir.appendingPathComponent("merged.sqlite").path
        let line = refusal { _ = try ShardMerge.merge(into: out, shards: [try shard(0, in: dir)], requireComplete: true) }
        XCTAssertTrue(line.contains("--complete") && line.contains("shards 1, 2 of 3 not merged"), line)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    func testRowsThatDisagreeAreRefusedNamingRunAndExample() throws {
        let dir = temporaryDirectory(), other = temporaryDirectory()
        let out = dir.appendingPathComponent("merged.sqlite").path
        _ = try ShardMerge.merge(into: out, shards: [try shard(0, in: dir)])
        let before = try dump(out)
        // The same shard run again elsewhere with another outcome (say, another CPU path).
        let rival = try shard(0, in: other, status: .successful)
        let line = refusal { _ = try ShardMerge.merge(into: out, shards: [rival]) }
        XCTAssertTrue(line.hasPrefix(rival) && line.contains("example 0 of run tiny × a") && line.contains("status: failed vs successful")
                      && line.contains(out) && line.hasSuffix("nothing was merged"), line)
        XCTAssertEqual(try dump(out), before)

        // Two disagreeing shard files in one merge: nothing of the first is kept either.
        let fresh = dir.appendingPathComponent("fresh.sqlite").path
        let both = refusal { _ = try ShardMerge.merge(into: fresh, shards: [dir.appendingPathComponent("results.shard-0-of-3.sqlite").path, rival]) }
        XCTAssertTrue(both.contains("example 0 of run tiny × a"), both)
        XCTAssertFalse(FileManager.default.fileExists(atPath: fresh))
    }

    func testShardsOfAnotherSuitePlanOrCountAreRefused() throws {
        let dir = temporaryDirectory()
        let out = dir.appendingPathComponent("merged.sqlite").path
        _ = try ShardMerge.merge(into: out, shards: [try shard(0, in: dir)])
        let before = try dump(out)
        let cases: [(ShardInfo, Int, String)] = [
            (Self.info(1, suite: "other"), 3, "is of another suite"),
            (Self.info(1, of: 4), 4, "splits the suite into 4 shards, not 3"),
            (Self.info(1, plan: "plan-2"), 3, "has another plan"),
        ]
        for (info, count, expected) in cases {
            let stranger = try shard(1, of: count, in: temporaryDirectory(), info: info)
            let line = refusal { _ = try ShardMerge.merge(into: out, shards: [stranger]) }
            XCTAssertTrue(line.hasPrefix(stranger) && line.contains(expected) && line.contains("nothing was merged"), line)
            XCTAssertEqual(try dump(out), before, expected)
        }
        // Between two inputs, with no output yet.
        let fresh = dir.appendingPathComponent("fresh.sqlite").path
        let mixed = try shard(1, in: temporaryDirectory(), info: Self.info(1, plan: "plan-2"))
        let line = refusal { _ = try ShardMerge.merge(into: fresh, shards: [dir.appendingPathComponent("results.shard-0-of-3.sqlite").path, mixed]) }
        XCTAssertTrue(line.contains("has another plan"), line)
        XCTAssertFalse(FileManager.default.fileExists(atPath: fresh))
    }

    func testFilesThatAreNoShardsOrOfOtherSchemaVersionsAreRefused() throws {
        let dir = temporaryDirectory()
        let out = dir.appendingPathComponent("merged.sqlite").path
        // A whole run (no shard row).
        let whole = temporaryDatabasePath()
        let store = try ResultStore(path: whole)
        try store.record(StoreFixtures.record(index: 0), runId: try store.openRun(Self.keys[0], plannedExamples: 6).runId)
        XCTAssertTrue(refusal { _ = try ShardMerge.merge(into: out, shards: [whole]) }.contains("holds no shard"))
        // Newer and older schema versions.
        let newer = try shard(0, in: temporaryDirectory())
        try SQLiteDatabase(path: newer, create: false).execute("PRAGMA user_version = 99")
        let newerLine = refusal { _ = try ShardMerge.merge(into: out, shards: [newer]) }
        XCTAssertTrue(newerLine.hasPrefix(newer) && newerLine.contains("newer than this rocbert"), newerLine)
        let older = try shard(1, in: temporaryDirectory())
        try SQLiteDatabase(path: older, create: false).execute("PRAGMA user_version = 5")
        let olderLine = refusal { _ = try ShardMerge.merge(into: out, shards: [older]) }
        XCTAssertTrue(olderLine.hasPrefix(older) && olderLine.contains("schema version 5"), olderLine)
        XCTAssertEqual(try SQLiteDatabase(path: older, create: false).userVersion(), 5, "the shard file is not upgraded")
        // Missing, and not SQLite at all.
        XCTAssertTrue(refusal { _ = try ShardMerge.merge(into: out, shards: [dir.appendingPathComponent("none.sqlite").path]) }.contains("no such database"))
        let text = dir.appendingPathComponent("notes.sqlite")
        try Data("not a database, just text that is long enough to have a header".utf8).write(to: text)
        XCTAssertTrue(refusal { _ = try ShardMerge.merge(into: out, shards: [text.path]) }.hasPrefix(text.path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "no refused merge created the output")
    }

    func testTheOutputMustBeNewOrAMergeAndNotAShardOfItself() throws {
        let dir = temporaryDirectory()
        let s0 = try shard(0, in: dir)
        let whole = temporaryDatabasePath()
        let store = try ResultStore(path: whole)
        _ = try store.openRun(Self.keys[0], plannedExamples: 6)
        let before = try dump(whole)
        XCTAssertTrue(refusal { _ = try ShardMerge.merge(into: whole, shards: [s0]) }.contains("not a merge of shards"))
        XCTAssertEqual(try dump(whole), before)
        XCTAssertTrue(refusal { _ = try ShardMerge.merge(into: s0, shards: [s0]) }.contains("is the output database itself"))
    }

    func testAShardDatabaseBelongsToOneShardOfOnePlan() throws {
        let path = temporaryDatabasePath()
        let store = try ResultStore(path: path)
        try store.claimShard(Self.info(0))
        try store.claimShard(Self.info(0))  // a retry: the same claim again
        for other in [Self.info(1), Self.info(0, plan: "plan-2")] {
            let line = refusal { try store.claimShard(other) }
            XCTAssertTrue(line.hasPrefix(path) && line.contains("move the file away"), line)
        }
        XCTAssertEqual(try store.shards(), [Self.info(0)])
        // A database of a whole run cannot become a shard.
        let whole = try ResultStore(path: temporaryDatabasePath())
        _ = try whole.openRun(Self.keys[0], plannedExamples: 6)
        XCTAssertTrue(refusal { try whole.claimShard(Self.info(0)) }.contains("recorded without --shard"))
    }

    /// What each shard ran on is kept (a retry on another node adds to it), and a merge of shards that
    /// ran on different arithmetic says so; the same arithmetic everywhere says nothing.
    func testTheMergeSaysWhenShardsRanOnDifferentArithmetic() throws {
        let dir = temporaryDirectory()
        var first = Self.info(0)
        first.compute = ["OpenBLAS Haswell, 1 thread"]
        var second = Self.info(1)
        second.compute = ["OpenBLAS Haswell, 1 thread"]
        let alike = try ShardMerge.merge(into: dir.appendingPathComponent("alike.sqlite").path,
                                         shards: [try shard(0, in: dir, info: first), try shard(1, in: dir, info: second)])
        XCTAssertEqual(alike.compute, ["OpenBLAS Haswell, 1 thread"])
        XCTAssertFalse(alike.lines.contains { $0.contains("mixed arithmetic") }, "\(alike.lines)")

        // Shard 1 retried on a node with another kernel and thread count.
        let retried = try ResultStore(path: dir.appendingPathComponent("results.shard-1-of-3.sqlite").path)
        var elsewhere = second
        elsewhere.compute = ["OpenBLAS SkylakeX, 2 threads"]
        try retried.claimShard(elsewhere)
        try retried.claimShard(elsewhere)
        XCTAssertEqual(try retried.shards().map(\.compute), [["OpenBLAS Haswell, 1 thread", "OpenBLAS SkylakeX, 2 threads"]])
        let mixed = try ShardMerge.merge(into: dir.appendingPathComponent("alike.sqlite").path,
                                         shards: [dir.appendingPathComponent("results.shard-1-of-3.sqlite").path])
        XCTAssertEqual(mixed.compute, ["OpenBLAS Haswell, 1 thread", "OpenBLAS SkylakeX, 2 threads"])
        XCTAssertTrue(mixed.lines.contains { $0.hasPrefix("mixed arithmetic: the shards ran on OpenBLAS Haswell, 1 thread; OpenBLAS SkylakeX, 2 threads") },
                      "\(mixed.lines)")
    }

    /// Version 5 → 6: an empty shards table beside the runs as they were.
    func testAVersionFiveDatabaseGainsAnEmptyShardsTable() throws {
        let (path, _) = try StoreFixtures.databaseWithOneRun(atVersion: 5, in: self)
        let store = try ResultStore(path: path)
        XCTAssertEqual(try SQLiteDatabase(path: path, create: false).userVersion(), Migrations.latestVersion)
        XCTAssertEqual(try store.shards(), [])
        XCTAssertEqual(try store.runs().map(\.id), [1])
    }
}
