import ArgumentParser
import Foundation
import RoCBert
import RoCBertCore
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

    @Option(help: "fp32; bf16 for the bf16 kernel; bf16x3 for fp32 products as three bf16 products on AMX (runs at different precisions are different runs).")
    var precision: Precision = .fp32

    @Option(help: "Checkpoints attacked at once, each in its own process with an equal share of the BLAS threads.")
    var jobs = 1

    @Option(name: .customLong("checkpoint"), help: .hidden)
    var onlyCheckpoints: [String] = []

    func run() throws {
        try reportingErrors {
            guard jobs >= 1 else { throw RoCBertError("--jobs", "must be at least 1") }
            if CheckpointWorkers.isWorkerProcess { CheckpointWorkers.terminateWithParent() }
            let plan = try SuitePlan(suite: try AttackSuite(contentsOf: URL(fileURLWithPath: suite)), precision: precision,
                                     limit: limit, checkpoints: onlyCheckpoints)
            let spec = plan.suite
            try FileManager.default.createDirectory(at: spec.database.deletingLastPathComponent(), withIntermediateDirectories: true)
            let store = try ResultStore(path: spec.database.path)
            let progress = ProgressLine(enabled: !quiet)
            let wiring = SuiteWiring(suite: spec, precision: precision)
            try CheckpointWorkers.adoptParentHashes(for: spec.checkpoints, into: wiring.hashes)
            let runner = AttackRunner(plan: plan, components: wiring, sink: store, progress: progress.update)
            if jobs > 1 && spec.checkpoints.count > 1 {
                // Runs are opened here first, in suite order, so the workers' runs keep the suite's order.
                let hashes = try runner.registerRuns()
                try CheckpointWorkers(suite: suite, checkpoints: spec.checkpoints.map(\.name), jobs: jobs,
                                      passing: workerArguments, hashes: hashes).run()
            } else {
                let summaries = try runner.run(resume: resume)
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
