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

    @Option(help: ArgumentHelp("Run one shard of the suite for a cluster: I/N (0-based index of N), or env to read it from a Slurm array (SLURM_ARRAY_TASK_ID) or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX, with --shards). The shard records into NAME.shard-I-of-N.sqlite beside the suite's database, always resumes, and writes no report: `rocbert merge` joins the shards.", valueName: "I/N|env"))
    var shard: String?

    @Option(help: "With --shard env: the number of shards (required for a Kubernetes Indexed Job; checked against SLURM_ARRAY_TASK_COUNT).")
    var shards: Int?

    @Option(name: .customLong("checkpoint"), help: .hidden)
    var onlyCheckpoints: [String] = []

    func run() throws {
        try reportingErrors {
            guard jobs >= 1 else { throw RoCBertError("--jobs", "must be at least 1") }
            if CheckpointWorkers.isWorkerProcess { CheckpointWorkers.terminateWithParent() }
            let part = try selectedShard()
            var plan = try SuitePlan(suite: try AttackSuite(contentsOf: URL(fileURLWithPath: suite)), precision: precision,
                                     limit: limit, checkpoints: onlyCheckpoints, shard: part)
            if let part { plan.suite.database = part.database(beside: plan.suite.database) }
            // An engine retries a shard with the same command, so a shard always continues its own database.
            let resume = resume || part != nil
            let spec = plan.suite
            try FileManager.default.createDirectory(at: spec.database.deletingLastPathComponent(), withIntermediateDirectories: true)
            let store = try ResultStore(path: spec.database.path)
            let progress = ProgressLine(enabled: !quiet)
            let wiring = SuiteWiring(suite: spec, precision: precision)
            try CheckpointWorkers.adoptParentHashes(for: spec.checkpoints, into: wiring.hashes)
            let runner = AttackRunner(plan: plan, components: wiring, sink: store, progress: progress.update)
            if part != nil && !CheckpointWorkers.isWorkerProcess {
                let hashes = Dictionary(uniqueKeysWithValues: try spec.checkpoints.map { ($0.name, try wiring.checkpointHash($0)) })
                if let info = try plan.shardInfo(checkpointHashes: hashes, compute: computeDescription(checkpoints: spec.checkpoints.count)) {
                    try store.claimShard(info)
                }
            }
            if jobs > 1 && spec.checkpoints.count > 1 {
                // Runs are opened here first, in suite order, so the workers' runs keep the suite's order.
                let hashes = try runner.registerRuns()
                try CheckpointWorkers(suite: suite, checkpoints: spec.checkpoints.map(\.name), jobs: jobs,
                                      passing: workerArguments(shard: part), hashes: hashes).run()
            } else {
                let summaries = try runner.run(resume: resume)
                progress.finish()
                for s in summaries { FileHandle.standardError.write(Data((s.line + "\n").utf8)) }
            }
            if let part, !CheckpointWorkers.isWorkerProcess {
                FileHandle.standardError.write(Data("shard \(part) recorded in \(spec.database.path); join the shards with rocbert merge\n".utf8))
            } else if let report = spec.report, !CheckpointWorkers.isWorkerProcess {
                for file in try ReportFile.writeReport(database: spec.database.path, suite: spec.name, output: report) {
                    print(file.path)
                }
            }
        }
    }
}

extension RunCommand {
    /// The shard `--shard` (and `--shards`) select, if any.
    func selectedShard() throws -> Shard? {
        guard let shard else {
            if shards != nil { throw RoCBertError("--shards", "goes with --shard env") }
            return nil
        }
        if shard == "env" { return try Shard.fromEnvironment(ProcessInfo.processInfo.environment, shards: shards) }
        if shards != nil { throw RoCBertError("--shards", "goes with --shard env; --shard \(shard) names the count itself") }
        return try Shard(parsing: shard)
    }

    /// The BLAS kernel and threads each process of this invocation multiplies with (a `--jobs` worker
    /// gets its share of the cores), recorded with a shard: other kernels or thread counts round fp32
    /// results differently.
    func computeDescription(checkpoints: Int) -> String {
        let threads = jobs > 1 && checkpoints > 1 ? CheckpointWorkers.threadsPerWorker(groups: min(jobs, checkpoints)) : GEMM.threads
        return "OpenBLAS \(GEMM.coreName), \(threads) thread\(threads == 1 ? "" : "s")"
    }

    /// The options a worker process repeats from this invocation (the shard as resolved here).
    func workerArguments(shard: Shard?) -> [String] {
        var args = ["--precision", precision.rawValue]
        if let shard { args += ["--shard", shard.description] }
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
