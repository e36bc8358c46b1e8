import Foundation
import RoCBertCore
import XCTest
import RoCBert
import RoCBertAttack
import RoCBertStore
@testable import RoCBertHarness

/// The suite fixture (scripts/make_harness_fixtures.py) through the real CLI: rows, report, resume, concurrency.
final class EndToEndTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var executable: URL {
        let products = Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }?.bundleURL.deletingLastPathComponent()
            ?? root.appendingPathComponent(".build/debug")
        return products.appendingPathComponent("rocbert")
    }

    /// A writable copy of the fixture folder.
    func workspace() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("scripts/fixtures/harness"), to: dir)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    func process(_ args: [String]) -> (Process, Pipe) { Self.process(args) }

    static func process(_ args: [String]) -> (Process, Pipe) {
        let p = Process()
        p.executableURL = Self.executable
        p.arguments = args
        let err = Pipe()
        p.standardError = err
        p.standardOutput = Pipe()
        return (p, err)
    }

    @discardableResult
    func rocbert(_ args: [String]) throws -> (status: Int32, stderr: String) { try Self.rocbert(args) }

    /// Runs the CLI to its end: exit status and stderr.
    @discardableResult
    static func rocbert(_ args: [String]) throws -> (status: Int32, stderr: String) {
        let (p, err) = process(args)
        try p.run()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: e, as: UTF8.self))
    }

    /// Kills `p` (SIGKILL: no chance to clean up) once `database` holds `examples` recorded examples,
    /// and waits for it; fails the test if it finished first (the suite is too small to be killed part-way).
    static func killOnceRecorded(_ p: Process, database: URL, examples: Int, file: StaticString = #filePath, line: UInt = #line) {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline && p.isRunning {
            if FileManager.default.fileExists(atPath: database.path), let store = try? ResultStore(path: database.path, create: false),
               let runs = try? store.runs(), runs.map(\.recordedExamples).reduce(0, +) >= examples {
                break
            }
            usleep(500)
        }
        XCTAssertTrue(p.isRunning, "the run finished before it could be killed; the suite is too small for this test", file: file, line: line)
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
    }

    func testSuiteRowsAndReportAgree() throws {
        let dir = try workspace()
        let r = try rocbert(["run", dir.appendingPathComponent("suite.yaml").path, "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let runs = try records(dir.appendingPathComponent("results.sqlite"))
        XCTAssertEqual(runs.count, 6)  // 2 checkpoints × 3 attacks
        let report = try String(contentsOf: dir.appendingPathComponent("report.md"), encoding: .utf8)
        for (name, rows) in runs { XCTAssertEqual(rows.map(\.exampleIndex).sorted(), Array(0..<30), name) }
        let attackedSomething = try assertReportAgreesWithRows(report, runs)
        XCTAssertTrue(attackedSomething, "the fixture should give at least one successful attack")
        try assertRecordedPredictionsReplay(checkpoints: dir, runs)
        XCTAssertEqual(try assertRecordsReplayFromTheDatabase(dir.appendingPathComponent("results.sqlite")),
                       runs.values.joined().map { $0.attackedText == nil ? 1 : 2 }.reduce(0, +))
    }

    /// `--jobs 2` splits the checkpoints between two worker processes: the same rows and the same report
    /// as one process, runs numbered in suite order.
    func testJobsGiveTheSameRowsAndReportAsOneProcess() throws {
        let one = try workspace(), two = try workspace()
        XCTAssertEqual(try rocbert(["run", one.appendingPathComponent("suite.yaml").path, "--quiet"]).status, 0)
        let parallel = try rocbert(["run", two.appendingPathComponent("suite.yaml").path, "--quiet", "--jobs", "2"])
        XCTAssertEqual(parallel.status, 0, parallel.stderr)
        let (a, b) = (try records(one.appendingPathComponent("results.sqlite")), try records(two.appendingPathComponent("results.sqlite")))
        XCTAssertEqual(Set(a.keys), Set(b.keys))
        for (name, rows) in a {
            let other = b[name]!.sorted { $0.exampleIndex < $1.exampleIndex }
            XCTAssertEqual(rows.count, 30, name)
            for (x, y) in zip(rows.sorted { $0.exampleIndex < $1.exampleIndex }, other) {
                XCTAssertEqual([x.status.rawValue, x.attackedText ?? "", String(x.modelQueries)],
                               [y.status.rawValue, y.attackedText ?? "", String(y.modelQueries)], "\(name) \(x.exampleIndex)")
            }
        }
        let store = try ResultStore(path: two.appendingPathComponent("results.sqlite").path, create: false)
        XCTAssertEqual(try store.runs().map(\.key.checkpointName), ["checkpoint-a", "checkpoint-a", "checkpoint-a", "checkpoint-b", "checkpoint-b", "checkpoint-b"])
        XCTAssertEqual(try String(contentsOf: one.appendingPathComponent("report.md"), encoding: .utf8),
                       try String(contentsOf: two.appendingPathComponent("report.md"), encoding: .utf8))
        let bad = try rocbert(["run", two.appendingPathComponent("suite.yaml").path, "--jobs", "0"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("--jobs") && bad.stderr.contains("at least 1"), bad.stderr)
    }

    func testKilledRunResumesWithEveryExampleOnce() throws {
        let dir = try workspace()
        // A budget sweep makes the suite long enough (10 runs of 30) to be killed part-way.
        let suiteURL = dir.appendingPathComponent("suite.yaml")
        let sweep = try String(contentsOf: suiteURL, encoding: .utf8).replacingOccurrences(of: "max_queries: 60", with: "max_queries: [20, 40, 60]")
        try Data(sweep.utf8).write(to: suiteURL)
        let db = dir.appendingPathComponent("results.sqlite")
        let (p, _) = process(["run", suiteURL.path, "--quiet"])
        try p.run()
        // Kill it (SIGKILL: no chance to clean up) once a few examples are recorded.
        Self.killOnceRecorded(p, database: db, examples: 3)
        XCTAssertEqual(p.terminationReason, .uncaughtSignal)
        let afterKill = try records(db).values.map(\.count).reduce(0, +)
        XCTAssertLessThan(afterKill, 300)
        // Without --resume an unfinished run is refused, with it the run completes.
        let refused = try rocbert(["run", suiteURL.path, "--quiet"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("pass --resume"), refused.stderr)
        let resumed = try rocbert(["run", suiteURL.path, "--quiet", "--resume"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        let interrupted = try records(db)
        // The same suite uninterrupted, in a fresh folder.
        let clean = try workspace()
        try Data(sweep.utf8).write(to: clean.appendingPathComponent("suite.yaml"))
        XCTAssertEqual(try rocbert(["run", clean.appendingPathComponent("suite.yaml").path, "--quiet"]).status, 0)
        let uninterrupted = try records(clean.appendingPathComponent("results.sqlite"))
        XCTAssertEqual(Set(interrupted.keys), Set(uninterrupted.keys))
        for (name, rows) in interrupted {
            XCTAssertEqual(rows.map(\.exampleIndex).sorted(), Array(0..<30), "\(name): every example exactly once")
            let other = uninterrupted[name]!.sorted { $0.exampleIndex < $1.exampleIndex }
            for (a, b) in zip(rows.sorted { $0.exampleIndex < $1.exampleIndex }, other) {
                XCTAssertEqual(a.status, b.status, "\(name) \(a.exampleIndex)")
                XCTAssertEqual(a.attackedText, b.attackedText, "\(name) \(a.exampleIndex)")
                XCTAssertEqual(a.modelQueries, b.modelQueries, "\(name) \(a.exampleIndex)")
            }
        }
    }

    /// The Swift masked-LM guide gives the reference's probabilities (scripts/make_harness_fixtures.py).
    func testMaskedLMGuideMatchesTheReference() throws {
        let fixture = Self.root.appendingPathComponent("scripts/fixtures/harness")
        let expected = try JSONValue.parse(Data(contentsOf: fixture.appendingPathComponent("guide-expected.json")), source: "guide-expected.json").object!
        guard case .string(let text) = expected["text"]!, case .int(let slot) = expected["slot"]! else { return XCTFail("bad fixture") }
        let candidates = expected["candidates"]!.array!.map { v -> String in if case .string(let s) = v { return s }; return "" }
        let want = expected["probabilities"]!.array!.map { $0.number! }
        let ranker = try MaskedLMRanker(directory: fixture.appendingPathComponent("guide-mlm"), topK: 2)
        let got = try ranker.plausibility(PerturbedText(text), slot: slot, replacements: candidates)
        for (g, w) in zip(got, want) { XCTAssertEqual(g, w, accuracy: max(1e-4 * w, 1e-7)) }
        let edits = candidates.map { SlotEdit(range: slot..<(slot + 1), original: "是", replacement: $0, transformation: "homophone", justification: "") }
        let best = zip(candidates, want).sorted { $0.1 > $1.1 }.prefix(2).map(\.0)
        XCTAssertEqual(ranker.rank(PerturbedText(text), slot, edits).map(\.replacement), best)
    }

    func testTwoRunsIntoOneDatabaseAtOnce() throws {
        let dir = try workspace()
        let suite = try String(contentsOf: dir.appendingPathComponent("suite.yaml"), encoding: .utf8)
        for (name, keep) in [("a.yaml", "checkpoint-a"), ("b.yaml", "checkpoint-b")] {
            let drop = keep == "checkpoint-a" ? "checkpoint-b" : "checkpoint-a"
            let text = suite.components(separatedBy: "\n").filter { !$0.contains("{name: \(drop)") }.joined(separator: "\n")
            try Data(text.utf8).write(to: dir.appendingPathComponent(name))
        }
        let runs = ["a.yaml", "b.yaml"].map { process(["run", dir.appendingPathComponent($0).path, "--quiet"]) }
        for (p, _) in runs { try p.run() }
        for (p, err) in runs {
            let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            XCTAssertEqual(p.terminationStatus, 0, e)
        }
        let all = try records(dir.appendingPathComponent("results.sqlite"))
        XCTAssertEqual(all.count, 6)
        for (name, rows) in all { XCTAssertEqual(rows.map(\.exampleIndex).sorted(), Array(0..<30), name) }
    }

    /// Runs in another precision are kept apart from fp32 ones (the run key carries it), the report names
    /// it beside the checkpoint, and an unknown precision stops before anything runs.
    func testPrecisionRunsAreKeptApartFromFP32() throws {
        let dir = try workspace()
        let suite = dir.appendingPathComponent("suite.yaml").path
        for precision in ["fp32", "bf16x3"] {
            let r = try rocbert(["run", suite, "--quiet", "--limit", "3", "--precision", precision])
            XCTAssertEqual(r.status, 0, "\(precision): \(r.stderr)")
        }
        let store = try ResultStore(path: dir.appendingPathComponent("results.sqlite").path, create: false)
        let keys = try store.runs().map(\.key)
        XCTAssertEqual(keys.count, 12, "2 checkpoints × 3 attacks in each precision")
        XCTAssertEqual(keys.filter { $0.precision == .bf16x3 }.count, 6)
        XCTAssertEqual(keys.filter { $0.precision == .fp32 }.count, 6)
        XCTAssertEqual(Set(keys.filter { $0.checkpointName == "checkpoint-a" }.map(\.checkpointHash)).count, 1, "one checkpoint, one hash")
        let report = try String(contentsOf: dir.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertTrue(report.contains("| checkpoint-a (bf16x3) |"), "the report's labels name the precision")
        let bad = try rocbert(["run", suite, "--quiet", "--precision", "fp16"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("'fp16' is invalid for '--precision"), bad.stderr)
        XCTAssertEqual(try store.runs().count, 12, "nothing recorded for the bad precision")
    }

    /// The data file edited after a run: resuming is refused with both dataset hashes, and nothing
    /// recorded changes.
    func testAnEditedDataFileIsRefusedOnResume() throws {
        let dir = try workspace()
        let suite = dir.appendingPathComponent("suite.yaml").path
        XCTAssertEqual(try rocbert(["run", suite, "--quiet", "--limit", "2", "--checkpoint", "checkpoint-a"]).status, 0)
        let store = try ResultStore(path: dir.appendingPathComponent("results.sqlite").path, create: false)
        let before = try store.runs().map { try store.records(runId: $0.id) }
        let recorded = try XCTUnwrap(try store.runs().first?.key.datasetHash)
        let data = dir.appendingPathComponent("data.jsonl")
        try Data(try String(contentsOf: data, encoding: .utf8).replacingOccurrences(of: "\"text\": \"", with: "\"text\": \"新").utf8).write(to: data)
        let r = try rocbert(["run", suite, "--quiet", "--resume", "--checkpoint", "checkpoint-a"])
        XCTAssertNotEqual(r.status, 0)
        let line = r.stderr.trimmingCharacters(in: .newlines)
        XCTAssertFalse(line.contains("\n"), line)
        XCTAssertTrue(line.contains("dataset hash \(recorded) then"), line)
        let now = try SuitePlan(suite: try AttackSuite(contentsOf: URL(fileURLWithPath: suite)), precision: .fp32).datasetHash
        XCTAssertTrue(line.contains("\(now) now"), line)
        XCTAssertEqual(try store.runs().map { try store.records(runId: $0.id) }, before)
    }

    /// The suite through its real wiring in this process (no binary): what `run` does, callable from tests.
    func testTheSuiteRunsInProcessThroughItsWiring() throws {
        let dir = try workspace()
        let suite = try AttackSuite(contentsOf: dir.appendingPathComponent("suite.yaml"))
        let plan = try SuitePlan(suite: suite, precision: .fp32, limit: 3, checkpoints: ["checkpoint-b"])
        let store = try ResultStore(path: suite.database.path)
        let summaries = try AttackRunner(plan: plan, components: SuiteWiring(suite: plan.suite, precision: .fp32), sink: store).run(resume: false)
        XCTAssertEqual(summaries.map(\.done), [3, 3, 3])
        let runs = try store.runs()
        XCTAssertEqual(runs.map(\.key.attack), suite.attacks)
        XCTAssertEqual(Set(runs.map(\.key.checkpointHash)), [try CheckpointHash.compute(directory: dir.appendingPathComponent("checkpoint-b"))])
        for run in runs {
            let rows = try store.records(runId: run.id)
            XCTAssertEqual(rows.map(\.exampleIndex), plan.examples.map(\.index))
            XCTAssertFalse(rows.contains { $0.status == .error }, "\(rows.compactMap(\.errorMessage))")
        }
    }

    /// A suite on the real tables and a demo checkpoint: every recorded substitution carries its
    /// validity facts, within the default floor, and the report shows the validity section.
    func testRecordedSubstitutionsCarryValidityFactsIntoTheReport() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("validity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let reviews = ["这家店的菜很好吃，服务也很好", "质量太差了，用了两天就坏了", "物流很快，包装很好，非常满意", "东西不错，价格便宜，下次还来"]
        try Data(reviews.enumerated().map { #"{"text": "\#($1)", "label": \#($0 % 2 == 0 ? 1 : 0)}"# }.joined(separator: "\n").utf8)
            .write(to: dir.appendingPathComponent("data.jsonl"))
        let yaml = """
        name: validity
        dataset: {path: data.jsonl}
        checkpoints: [{name: bert, path: \(Self.root.appendingPathComponent("models/demo-bert").path)}]
        attacks: [{name: sound-and-shape, transformations: [homophone, visual], max_queries: 120, constraints: {max_perturbed_ratio: 0.3}}]
        tables: \(Self.root.appendingPathComponent("attacks/tables").path)
        database: results.sqlite
        report: report.md
        """
        try Data(yaml.utf8).write(to: dir.appendingPathComponent("suite.yaml"))
        let r = try rocbert(["run", dir.appendingPathComponent("suite.yaml").path, "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let rows = try records(dir.appendingPathComponent("results.sqlite")).values.joined()
        let edits = rows.flatMap(\.perturbations)
        XCTAssertFalse(edits.isEmpty, "the attack tried something")
        for e in edits {
            XCTAssertNotNil(e.humanConfusion, "\(e)")
            let rank = try XCTUnwrap(e.substituteRank, "\(e)")
            XCTAssertLessThanOrEqual(rank, 3500, "\(e)")
            XCTAssertFalse(e.outOfVocabulary, "\(e)")
            XCTAssertEqual(e.toneChanged == nil, e.transformation == "visual", "\(e)")
        }
        let report = try String(contentsOf: dir.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertTrue(report.contains("## Validity of the attacks"), report)
    }

    /// Killing the parent of `run --jobs 2` ends its workers too (they get SIGTERM from the kernel),
    /// and what they recorded stays readable.
    func testJobsWorkersDieWithTheirParent() throws {
        let reviews = Self.root.appendingPathComponent("data/reviews/test.jsonl")
        guard FileManager.default.fileExists(atPath: reviews.path) else { throw XCTSkip("make data fetches data/reviews") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("orphans-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let models = Self.root.appendingPathComponent("models")
        let yaml = """
        name: orphans
        dataset: {path: \(reviews.path), labels: [negative, positive], limit: 150, seed: 1}
        checkpoints: [{name: a, path: \(models.appendingPathComponent("demo-bert").path)}, {name: b, path: \(models.appendingPathComponent("demo-rocbert").path)}]
        attacks: [{name: sound, transformations: [homophone], max_queries: 300}]
        tables: \(Self.root.appendingPathComponent("attacks/tables").path)
        database: results.sqlite
        """
        try Data(yaml.utf8).write(to: dir.appendingPathComponent("suite.yaml"))
        let (parent, _) = process(["run", dir.appendingPathComponent("suite.yaml").path, "--quiet", "--jobs", "2"])
        try parent.run()
        func children(of pid: Int32) -> [Int32] {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
            return entries.compactMap(Int32.init).filter { p in
                guard let stat = try? String(contentsOfFile: "/proc/\(p)/stat", encoding: .utf8),
                      let close = stat.lastIndex(of: ")") else { return false }
                let fields = stat[stat.index(after: close)...].split(separator: " ")
                return fields.count > 1 && Int32(fields[1]) == pid
            }
        }
        func alive(_ pid: Int32) -> Bool {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return false }
            return stat[stat.index(after: close)...].split(separator: " ").first != "Z"
        }
        var workers: [Int32] = []
        for _ in 0..<200 where workers.count < 2 {
            usleep(100_000)
            workers = children(of: parent.processIdentifier)
        }
        XCTAssertEqual(workers.count, 2, "the parent started its two workers")
        kill(parent.processIdentifier, SIGKILL)
        parent.waitUntilExit()
        for _ in 0..<150 where workers.contains(where: alive) { usleep(100_000) }
        XCTAssertFalse(workers.contains(where: alive), "workers outlived their parent: \(workers.filter(alive))")
        XCTAssertNoThrow(try records(dir.appendingPathComponent("results.sqlite")))
    }

    func testBadInputsStopBeforeAnythingIsRecorded() throws {
        let dir = try workspace()
        let suite = dir.appendingPathComponent("suite.yaml")
        let db = dir.appendingPathComponent("results.sqlite")
        let original = try Data(contentsOf: dir.appendingPathComponent("data.jsonl"))
        let cases: [(String, () throws -> Void, String)] = [
            ("bad line", { try (original + Data("{\"text\": \"好\", \"label\": \"positive\"\n".utf8)).write(to: dir.appendingPathComponent("data.jsonl")) }, "data.jsonl:31: not a JSON object"),
            ("non-UTF-8", { try (original + Data([0x7B, 0xC3, 0x28, 0x7D, 0x0A])).write(to: dir.appendingPathComponent("data.jsonl")) }, "data.jsonl:31: not valid UTF-8"),
            ("empty text", { try (original + Data("{\"text\": \"\", \"label\": \"positive\"}\n".utf8)).write(to: dir.appendingPathComponent("data.jsonl")) }, "data.jsonl:31: field text is empty"),
            ("missing checkpoint", {
                try original.write(to: dir.appendingPathComponent("data.jsonl"))
                try FileManager.default.moveItem(at: dir.appendingPathComponent("checkpoint-b"), to: dir.appendingPathComponent("moved"))
            }, "checkpoint checkpoint-b: no config.json"),
            ("malformed suite", {
                try FileManager.default.moveItem(at: dir.appendingPathComponent("moved"), to: dir.appendingPathComponent("checkpoint-b"))
                try Data("name: x\nattacks: [{name: a}]\n".utf8).write(to: suite)
            }, "suite.yaml: dataset: is missing"),
        ]
        for (what, setUp, message) in cases {
            try setUp()
            let r = try rocbert(["run", suite.path, "--quiet"])
            XCTAssertEqual(r.status, 1, what)
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "\(what): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(message), "\(what): \(r.stderr)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: db.path), "\(what): no database for a run that never started")
        }
    }
}

/// `rocbert predict`: one JSON line per example, the same predictions the harness records.
final class PredictCLITests: XCTestCase {
    let fixture = EndToEndTests.root.appendingPathComponent("scripts/fixtures/harness")

    /// stdout of `rocbert predict` on the harness fixture's first checkpoint and data, after a zero exit.
    func predictOutput(_ extra: [String] = [], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let p = Process()
        p.executableURL = EndToEndTests.executable
        p.arguments = ["predict", "--checkpoint", fixture.appendingPathComponent("checkpoint-a").path, "--head", "sequence-classification",
                       "--input", fixture.appendingPathComponent("data.jsonl").path] + extra
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "\(extra)", file: file, line: line)
        return text
    }

    func testPredictPrintsOneLinePerExample() throws {
        let lines = try predictOutput().split(separator: "\n")
        XCTAssertEqual(lines.count, 30)
        let first = try JSONValue.parse(Data(lines[0].utf8), source: "stdout").object!
        XCTAssertEqual(first["id"], .string("ex0"))
        let victim = ModelVictim(task: .sequenceClassification,
                                 head: try RoCBertForSequenceClassification(directory: fixture.appendingPathComponent("checkpoint-a")),
                                 encoder: try RoCBertTokenizer(directory: fixture.appendingPathComponent("checkpoint-a")))
        let expected = try victim.predict([VictimInput(text: "这家店是真好")])[0]
        XCTAssertEqual(first["prediction"], .int(expected.argmax))
    }

    func testPredictInBF16x3PrintsTheFP32Predictions() throws {
        func predictions(_ precision: String) throws -> [String] {
            try predictOutput(["--precision", precision]).split(separator: "\n").map {
                try JSONValue.parse(Data($0.utf8), source: "stdout").object!["prediction"].map { "\($0)" } ?? "none"
            }
        }
        let fp32 = try predictions("fp32")
        XCTAssertEqual(fp32.count, 30)
        XCTAssertEqual(try predictions("bf16x3"), fp32)
    }
}
