import ArgumentParser
import Foundation
import RoCBert
import RoCBertAttack
import RoCBertHarness
import RoCBertReport
import RoCBertStore

/// `rocbert run`: every attack of a suite on every checkpoint, recorded in SQLite, then the report.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run an attack suite: every clean and attacked prediction goes to the suite's SQLite database, then the report is written."
    )

    @Argument(help: "The suite file (YAML, under attacks/).")
    var suite: String

    @Flag(help: "Continue runs that a killed or interrupted invocation left unfinished.")
    var resume = false

    @Option(help: "Attack only the first N examples of the data set.")
    var limit: Int?

    @Flag(help: "No progress line on stderr.")
    var quiet = false

    @Option(help: "fp32; bf16 for the bf16 kernel; bf16x3 for fp32 products as three bf16 products on AMX (runs not in fp32 are kept apart: the checkpoint hash gets a +bf16 or +bf16x3 suffix).")
    var precision: Precision = .fp32

    @Option(help: "Checkpoints attacked at once, each in its own process with an equal share of the BLAS threads.")
    var jobs = 1

    @Option(name: .customLong("checkpoint"), help: .hidden)
    var onlyCheckpoints: [String] = []

    func run() throws {
        try reportingErrors {
            var spec = try AttackSuite(contentsOf: URL(fileURLWithPath: suite))
            guard jobs >= 1 else { throw RoCBertError("--jobs", "must be at least 1") }
            if !onlyCheckpoints.isEmpty {
                for name in onlyCheckpoints where !spec.checkpoints.contains(where: { $0.name == name }) {
                    throw RoCBertError(suite, "no checkpoint named \(name)")
                }
                spec.checkpoints = spec.checkpoints.filter { onlyCheckpoints.contains($0.name) }
            }
            var examples = try DatasetLoader.load(spec.dataset, task: spec.task)
            if let limit {
                guard limit >= 1 else { throw RoCBertError("--limit", "must be at least 1") }
                examples = Array(examples.prefix(limit))
            }
            for c in spec.checkpoints where !FileManager.default.fileExists(atPath: c.path.appendingPathComponent("config.json").path) {
                throw RoCBertError(c.path.path, "checkpoint \(c.name): no config.json (missing checkpoint?)")
            }
            try FileManager.default.createDirectory(at: spec.database.deletingLastPathComponent(), withIntermediateDirectories: true)
            let store = try ResultStore(path: spec.database.path)
            let progress = ProgressLine(enabled: !quiet)
            let tables = PerturbationTables(tablesDirectory: spec.tablesDirectory, dataDirectory: spec.dataDirectory)
            let runner = AttackRunner(
                suite: spec, sink: store,
                victim: { c in ModelVictim(task: spec.task, head: try spec.task.head.load(directory: c.path, precision: precision), encoder: try RoCBertTokenizer(directory: c.path)) },
                candidates: { attack, c in try CandidateFactory.make(attack, checkpoint: c.path, tables: tables) },
                checkpointHash: { c in try CheckpointHash.compute(directory: c.path) + (precision == .fp32 ? "" : "+" + precision.rawValue) },
                stopwords: Stopwords.chinese,
                ranker: { attack, c in
                    guard case .maskedLMGuided(let k, let guide) = attack.search else { return nil }
                    return try MaskedLMRanker(directory: guide ?? c.path, topK: k).rank
                },
                progress: progress.update)
            if jobs > 1 && spec.checkpoints.count > 1 {
                // Runs are opened here first, in suite order, so the workers' runs keep the suite's order.
                try runner.registerRuns(plannedExamples: examples.count)
                try CheckpointWorkers(suite: suite, checkpoints: spec.checkpoints.map(\.name), jobs: jobs,
                                      passing: workerArguments).run()
            } else {
                let summaries = try runner.run(examples: examples, resume: resume)
                progress.finish()
                for s in summaries { FileHandle.standardError.write(Data((s.line + "\n").utf8)) }
            }
            if let report = spec.report, !CheckpointWorkers.isWorkerProcess {
                for file in try ReportFile.writeReport(database: spec.database.path, suite: spec.name, output: report) {
                    print(file.path)
                }
            }
        }
    }
}

extension RunCommand {
    /// The options a worker process repeats from this invocation.
    var workerArguments: [String] {
        var args = ["--precision", precision.rawValue]
        if resume { args.append("--resume") }
        if let limit { args += ["--limit", String(limit)] }
        if quiet { args.append("--quiet") }
        return args
    }
}

/// The one-line progress display on stderr, redrawn in place on a terminal and every tenth example elsewhere.
final class ProgressLine: @unchecked Sendable {
    let enabled: Bool
    /// Workers share the terminal, so they print lines instead of redrawing one.
    let terminal = isatty(STDERR_FILENO) != 0 && !CheckpointWorkers.isWorkerProcess
    private var drawn = false

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ p: RunProgress) {
        guard enabled else { return }
        if terminal {
            FileHandle.standardError.write(Data("\r\u{1B}[K\(p.line)".utf8))
            drawn = true
        } else if p.done % 10 == 0 || p.done == p.total {
            FileHandle.standardError.write(Data((p.line + "\n").utf8))
        }
    }

    func finish() {
        if drawn { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
