import Foundation
import XCTest
import RoCBertStore
@testable import RoCBertHarness

/// The fixture suite split into shards through the real CLI, with the variables a Slurm array or a
/// Kubernetes Indexed Job sets, merged, and compared with one process running it whole.
final class ShardEndToEndTests: XCTestCase {
    /// Runs the CLI with extra environment variables: exit status and stderr.
    /// The engines' own variables are cleared first, so a test run inside a Slurm job sees only the test's.
    func rocbert(_ args: [String], environment: [String: String] = [:]) throws -> (status: Int32, stderr: String, stdout: String) {
        let (p, err) = EndToEndTests.process(args)
        let out = Pipe()
        p.standardOutput = out
        p.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SLURM_ARRAY_") && $0.key != "JOB_COMPLETION_INDEX" }
            .merging(environment) { $1 }
        try p.run()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: e, as: UTF8.self), String(decoding: o, as: UTF8.self))
    }

    func workspace() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shards-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: EndToEndTests.root.appendingPathComponent("scripts/fixtures/harness"), to: dir)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    /// Each run's records by "checkpoint × attack", timing left out (it is the one thing that differs).
    func rows(_ database: URL) throws -> [String: [ExampleRecord]] {
        let store = try ResultStore(path: database.path, create: false)
        var out: [String: [ExampleRecord]] = [:]
        for run in try store.runs() {
            out["\(run.key.checkpointName) × \(run.key.attack.name)"] = try store.records(runId: run.id).map {
                var r = $0
                r.elapsedSeconds = 0
                return r
            }
        }
        return out
    }

    /// The same records, scores within float noise: a `--jobs` worker runs BLAS on its share of the
    /// cores, and OpenBLAS's results move in the last bits of an F32 logit with its thread count.
    func assertSameRecords(_ got: [String: [ExampleRecord]], _ want: [String: [ExampleRecord]], _ what: String,
                           file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(Set(got.keys), Set(want.keys), what, file: file, line: line)
        func withoutScores(_ r: ExampleRecord) -> ExampleRecord {
            var r = r
            r.cleanScores = []
            r.attackedScores = r.attackedScores.map { _ in [] }
            return r
        }
        for (name, records) in got {
            let other = want[name] ?? []
            XCTAssertEqual(records.map(withoutScores), other.map(withoutScores), "\(what): \(name)", file: file, line: line)
            for (a, b) in zip(records, other) {
                for (x, y) in [(a.cleanScores, b.cleanScores), (a.attackedScores ?? [], b.attackedScores ?? [])] {
                    XCTAssertEqual(x.count, y.count, "\(what): \(name) \(a.exampleIndex)", file: file, line: line)
                    for (u, v) in zip(x, y) { XCTAssertEqual(u, v, accuracy: 1e-6, "\(what): \(name) \(a.exampleIndex)", file: file, line: line) }
                }
            }
        }
    }

    /// The whole suite in one process, in its own folder: (database, report text).
    func wholeRun(suiteText: String? = nil) throws -> (URL, String) {
        let dir = try workspace()
        if let suiteText { try Data(suiteText.utf8).write(to: dir.appendingPathComponent("suite.yaml")) }
        let r = try rocbert(["run", dir.appendingPathComponent("suite.yaml").path, "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        return (dir.appendingPathComponent("results.sqlite"), try String(contentsOf: dir.appendingPathComponent("report.md"), encoding: .utf8))
    }

    /// Merges the shard files of `dir` into the suite's database there and writes its report the way
    /// the suite names it; returns the report's text.
    func mergeAndReport(_ dir: URL, shards: Int) throws -> String {
        let files = (0..<shards).map { dir.appendingPathComponent("results.shard-\($0)-of-\(shards).sqlite").path }
        let merged = try rocbert(["merge", dir.appendingPathComponent("results.sqlite").path] + files)
        XCTAssertEqual(merged.status, 0, merged.stderr)
        let report = try rocbert(["report", "--db", dir.appendingPathComponent("results.sqlite").path, "--suite", "harness-fixture",
                                  "--out", dir.appendingPathComponent("report.md").path])
        XCTAssertEqual(report.status, 0, report.stderr)
        return try String(contentsOf: dir.appendingPathComponent("report.md"), encoding: .utf8)
    }

    func testShardsFromSlurmAndKubernetesVariablesMergeToTheOneProcessReport() throws {
        let (wholeDB, wholeReport) = try wholeRun()
        // A Slurm array --array=1-3 (ids 1–3), and a Kubernetes Indexed Job of 3 completions.
        let engines: [(String, (Int) -> [String: String], [String])] = [
            ("slurm", { ["SLURM_ARRAY_TASK_ID": String($0 + 1), "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_JOB_ID": "77"] }, []),
            ("kubernetes", { ["JOB_COMPLETION_INDEX": String($0)] }, ["--shards", "3"]),
        ]
        for (engine, variables, extra) in engines {
            let dir = try workspace()
            for i in 0..<3 {
                let r = try rocbert(["run", dir.appendingPathComponent("suite.yaml").path, "--shard", "env", "--quiet"] + extra, environment: variables(i))
                XCTAssertEqual(r.status, 0, "\(engine) shard \(i): \(r.stderr)")
                XCTAssertTrue(r.stderr.contains("shard \(i)/3 recorded in"), r.stderr)
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("report.md").path), "a shard writes no report")
            let shard0 = try ResultStore(path: dir.appendingPathComponent("results.shard-0-of-3.sqlite").path, create: false).shards()
            XCTAssertTrue(shard0.count == 1 && shard0[0].compute.count == 1 && shard0[0].compute[0].hasPrefix("OpenBLAS "), "\(shard0)")
            XCTAssertEqual(try mergeAndReport(dir, shards: 3), wholeReport, engine)
            assertSameRecords(try rows(dir.appendingPathComponent("results.sqlite")), try rows(wholeDB), engine)
        }
    }

    /// A shard killed part-way and run again by its engine (the same command) loses and duplicates
    /// nothing; a shard also runs its checkpoints in `--jobs` workers.
    func testAKilledShardRetriedGivesTheSameMergedReport() throws {
        let dir = try workspace()
        // A budget sweep makes the suite long enough (10 runs of 30) to be killed part-way.
        let sweep = try String(contentsOf: dir.appendingPathComponent("suite.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "max_queries: 60", with: "max_queries: [20, 40, 60]")
        try Data(sweep.utf8).write(to: dir.appendingPathComponent("suite.yaml"))
        let (wholeDB, wholeReport) = try wholeRun(suiteText: sweep)

        let suite = dir.appendingPathComponent("suite.yaml").path
        let shardDB = dir.appendingPathComponent("results.shard-0-of-2.sqlite").path
        let (p, _) = EndToEndTests.process(["run", suite, "--shard", "0/2", "--quiet"])
        try p.run()
        EndToEndTests.killOnceRecorded(p, database: URL(fileURLWithPath: shardDB), examples: 3)
        let units = try XCTUnwrap(ResultStore(path: shardDB, create: false).shards().first?.units)
        let recordedBeforeRetry = try rows(URL(fileURLWithPath: shardDB)).values.map(\.count).reduce(0, +)
        XCTAssertLessThan(recordedBeforeRetry, units)

        // The merge before the retry says what is missing and merges what is there.
        let early = try rocbert(["merge", dir.appendingPathComponent("early.sqlite").path, shardDB])
        XCTAssertEqual(early.status, 0, early.stderr)
        XCTAssertTrue(early.stdout.contains("\(recordedBeforeRetry) examples added") && early.stdout.contains("missing: shard 1 of 2 not merged yet")
                      && early.stdout.contains("unfinished: \(shardDB) (shard 0) holds \(recordedBeforeRetry) of its \(units) units"), early.stdout)

        // The retry: the same command (a shard always resumes); the other shard with two workers.
        XCTAssertEqual(try rocbert(["run", suite, "--shard", "0/2", "--quiet"]).status, 0)
        let second = try rocbert(["run", suite, "--shard", "1/2", "--quiet", "--jobs", "2"])
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(try mergeAndReport(dir, shards: 2), wholeReport)
        let merged = try rows(dir.appendingPathComponent("results.sqlite"))
        assertSameRecords(merged, try rows(wholeDB), "killed shard")
        for (name, records) in merged { XCTAssertEqual(records.map(\.exampleIndex), Array(0..<30), name) }
    }

    func testMergeRefusalsAreOneLineAndLeaveTheOutputAlone() throws {
        let dir = try workspace()
        let suite = dir.appendingPathComponent("suite.yaml").path
        for i in 0..<2 { XCTAssertEqual(try rocbert(["run", suite, "--shard", "\(i)/2", "--quiet"]).status, 0) }
        // A shard of a 3-way split of the same suite.
        XCTAssertEqual(try rocbert(["run", suite, "--shard", "0/3", "--quiet"]).status, 0)
        // A shard of the same suite with fewer examples (another plan).
        let other = try workspace()
        XCTAssertEqual(try rocbert(["run", other.appendingPathComponent("suite.yaml").path, "--shard", "1/2", "--limit", "10", "--quiet"]).status, 0)
        let out = dir.appendingPathComponent("merged.sqlite").path
        let first = try rocbert(["merge", out, dir.appendingPathComponent("results.shard-0-of-2.sqlite").path])
        XCTAssertEqual(first.status, 0, first.stderr)
        let before = try Data(contentsOf: URL(fileURLWithPath: out))
        for (bad, expected) in [
            (dir.appendingPathComponent("results.shard-0-of-3.sqlite").path, "splits the suite into 3 shards, not 2"),
            (other.appendingPathComponent("results.shard-1-of-2.sqlite").path, "has another plan"),
        ] {
            let r = try rocbert(["merge", out, bad])
            XCTAssertEqual(r.status, 1)
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
            XCTAssertTrue(r.stderr.hasPrefix("rocbert: \(bad): ") && r.stderr.contains(expected) && r.stderr.contains("nothing was merged"), r.stderr)
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out)), before)
        }
        // A shard database resumed under a changed suite is refused before anything runs.
        let changed = try String(contentsOf: URL(fileURLWithPath: suite), encoding: .utf8).replacingOccurrences(of: "max_queries: 60", with: "max_queries: 50")
        try Data(changed.utf8).write(to: URL(fileURLWithPath: suite))
        let resumed = try rocbert(["run", suite, "--shard", "1/2", "--quiet"])
        XCTAssertEqual(resumed.status, 1)
        XCTAssertTrue(resumed.stderr.contains("results.shard-1-of-2.sqlite: holds shard 1/2 of suite harness-fixture") && resumed.stderr.contains("changed since it ran"),
                      resumed.stderr)
        // Flags that do not go together.
        let both = try rocbert(["run", suite, "--shard", "0/2", "--shards", "2"])
        XCTAssertTrue(both.status == 1 && both.stderr.contains("--shards: goes with --shard env"), both.stderr)
        let none = try rocbert(["run", suite, "--shard", "env"])
        XCTAssertEqual(none.status, 1)
        XCTAssertTrue(none.stderr.contains("neither SLURM_ARRAY_TASK_ID"), none.stderr)
    }
}
