import CRoCBertKernels
import Foundation
import RoCBertCore
import RoCBertHarness

/// `rocbert run --jobs N`: the suite's checkpoints split among N worker processes of this same
/// executable, each attacking its share with an equal part of the BLAS threads. Separate processes
/// rather than threads because a model's scratch buffers and OpenBLAS's thread count are per process;
/// the workers record into the same database (SQLite serialises the writers).
struct CheckpointWorkers {
    /// Set in a worker's environment: a worker leaves the report to its parent and prints its progress
    /// as lines, since the workers share the terminal.
    static let workerVariable = "ROCBERT_RUN_WORKER"
    /// Whether this process is a worker started by `run --jobs`.
    static var isWorkerProcess: Bool { ProcessInfo.processInfo.environment[workerVariable] != nil }

    let suite: String
    let checkpoints: [String]
    let jobs: Int
    /// Options repeated from the parent invocation (precision, resume, limit, quiet).
    let passing: [String]
    /// Checkpoint hashes the parent computed, by checkpoint name: workers reuse them instead of
    /// reading every weight byte again.
    let hashes: [String: String]

    /// Carries the parent's hashes to the workers, as a JSON object of name → hash.
    static let hashesVariable = "ROCBERT_RUN_CHECKPOINT_HASHES"

    /// In a worker: end with the parent, so killing `run --jobs` never leaves workers attacking on
    /// their own (what they recorded stays, as after any kill); exits at once if the parent is gone.
    static func terminateWithParent() {
        guard let parent = ProcessInfo.processInfo.environment[workerVariable].flatMap(Int32.init) else { return }
        if rb_terminate_with_parent(parent) == 1 { exit(1) }
    }

    /// In a worker, puts the parent's hashes of `checkpoints` into `cache`.
    static func adoptParentHashes(for checkpoints: [CheckpointSpec], into cache: CheckpointHashCache) throws {
        guard isWorkerProcess, let text = ProcessInfo.processInfo.environment[hashesVariable] else { return }
        guard let byName = try? JSONDecoder().decode([String: String].self, from: Data(text.utf8)) else {
            throw RoCBertError(hashesVariable, "not a JSON object of checkpoint hashes")
        }
        for c in checkpoints {
            if let hash = byName[c.name] { try cache.seed(directory: c.path, hash: hash) }
        }
    }

    /// BLAS threads of each of `groups` workers: an equal share of the cores.
    static func threadsPerWorker(groups: Int) -> Int { max(1, ProcessInfo.processInfo.activeProcessorCount / groups) }

    /// Starts the workers, waits for all of them, and fails if any failed (each has printed its own error).
    func run() throws {
        let groups = (0..<min(jobs, checkpoints.count)).map { g in
            stride(from: g, to: checkpoints.count, by: jobs).map { checkpoints[$0] }
        }
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_NUM_THREADS"] = String(Self.threadsPerWorker(groups: groups.count))
        environment[Self.workerVariable] = String(getpid())
        environment[Self.hashesVariable] = String(decoding: try CanonicalJSON.encoder.encode(hashes), as: UTF8.self)
        let executable = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        var started: [(names: [String], process: Process)] = []
        for names in groups {
            let process = Process()
            process.executableURL = executable
            process.arguments = ["run", suite] + names.flatMap { ["--checkpoint", $0] } + passing
            process.environment = environment
            do {
                try process.run()
            } catch {
                started.forEach { $0.process.terminate() }
                throw RoCBertError(executable.path, "could not start a worker: \(error.localizedDescription)")
            }
            started.append((names, process))
        }
        var failed: [String] = []
        for (names, process) in started {
            process.waitUntilExit()
            if process.terminationStatus != 0 {
                failed.append("\(names.joined(separator: ", ")) (exit \(process.terminationStatus))")
            }
        }
        if !failed.isEmpty {
            throw RoCBertError(suite, "worker failed for " + failed.joined(separator: "; ") + "; what they recorded is kept (rerun with --resume)")
        }
    }
}
