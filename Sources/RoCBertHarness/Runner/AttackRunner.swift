import Foundation
import RoCBertAttack

/// Runs every attack of a suite on every checkpoint and records each example as it finishes, so a
/// killed run resumes where it stopped.
public struct AttackRunner {
    public let suite: AttackSuite
    public let sink: any ResultSink
    /// The model of a checkpoint, wrapped for the suite's task.
    public let victim: (CheckpointSpec) throws -> any VictimModel
    /// The candidate generator of an attack on a checkpoint (its vocabulary flags out-of-vocabulary candidates).
    public let candidates: (AttackSpec, CheckpointSpec) throws -> (PerturbedText, Int) -> [SlotEdit]
    public let checkpointHash: (CheckpointSpec) throws -> String
    /// The masked-LM ranker of an mlm-guided attack on a checkpoint (nil for other searches).
    public let ranker: (AttackSpec, CheckpointSpec) throws -> (@Sendable (PerturbedText, Int, [SlotEdit]) -> [SlotEdit])?
    public let stopwords: Set<String>
    /// Called after every example (for the progress bar).
    public let progress: ((RunProgress) -> Void)?

    public init(
        suite: AttackSuite, sink: any ResultSink, victim: @escaping (CheckpointSpec) throws -> any VictimModel,
        candidates: @escaping (AttackSpec, CheckpointSpec) throws -> (PerturbedText, Int) -> [SlotEdit],
        checkpointHash: @escaping (CheckpointSpec) throws -> String, stopwords: Set<String>,
        ranker: @escaping (AttackSpec, CheckpointSpec) throws -> (@Sendable (PerturbedText, Int, [SlotEdit]) -> [SlotEdit])? = { _, _ in nil },
        progress: ((RunProgress) -> Void)? = nil
    ) {
        self.suite = suite
        self.sink = sink
        self.victim = victim
        self.candidates = candidates
        self.checkpointHash = checkpointHash
        self.stopwords = stopwords
        self.ranker = ranker
        self.progress = progress
    }

    /// Opens every run of the suite in suite order without attacking, so that worker processes filling
    /// them later keep the suite's checkpoint order (the report's baseline is the first checkpoint).
    public func registerRuns(plannedExamples: Int) throws {
        for checkpoint in suite.checkpoints {
            let hash = try checkpointHash(checkpoint)
            for attack in suite.attacks {
                _ = try sink.openRun(runKey(attack, checkpoint, hash: hash), plannedExamples: plannedExamples)
            }
        }
    }

    /// What identifies the run of `attack` on `checkpoint` in the store.
    private func runKey(_ attack: AttackSpec, _ checkpoint: CheckpointSpec, hash: String) -> RunDescription {
        RunDescription(suite: suite.name, attack: attack, checkpoint: checkpoint, checkpointHash: hash, task: suite.task, seed: suite.dataset.seed ?? 0)
    }

    /// Runs everything not yet recorded. Without `resume`, a run that already has records but is not
    /// finished is an error rather than a silent continuation.
    public func run(examples: [DatasetExample], resume: Bool) throws -> [RunProgress] {
        let seed = suite.dataset.seed ?? 0
        var summaries: [RunProgress] = []
        for checkpoint in suite.checkpoints {
            let model = try victim(checkpoint)
            let hash = try checkpointHash(checkpoint)
            for attack in suite.attacks {
                let (runId, done, finished) = try sink.openRun(runKey(attack, checkpoint, hash: hash), plannedExamples: examples.count)
                var state = RunProgress(checkpoint: checkpoint.name, attack: attack.name, budget: attack.maxQueries, total: examples.count, done: done.count)
                if finished || done.count == examples.count {
                    if !finished { try sink.finishRun(runId) }
                    summaries.append(state)
                    continue
                }
                if !done.isEmpty && !resume {
                    throw HarnessError("\(suite.file.path): run \(runId) (\(checkpoint.name) × \(attack.name)) already has \(done.count) of \(examples.count) examples recorded; pass --resume to continue it")
                }
                let generator = try candidates(attack, checkpoint)
                let attacker = ExampleAttack(task: suite.task, attack: attack, victim: model, candidates: generator, stopwords: stopwords,
                                             seed: seed, ranker: try ranker(attack, checkpoint))
                let started = Date()
                for example in examples where !done.contains(example.index) {
                    let outcome = attacker.run(example)
                    try sink.record(outcome, example: example, runId: runId)
                    state.count(outcome, elapsed: Date().timeIntervalSince(started))
                    progress?(state)
                }
                try sink.finishRun(runId)
                summaries.append(state)
            }
        }
        return summaries
    }
}

/// Counts for the progress bar and the end-of-run summary.
public struct RunProgress: Sendable {
    public var checkpoint: String
    public var attack: String
    public var budget: Int?
    public var total: Int
    /// Examples recorded, including those found already recorded when resuming.
    public var done: Int
    public var successes = 0
    public var modelQueries = 0
    /// Examples attacked in this process, and the seconds they took.
    public var attackedNow = 0
    public var seconds = 0.0

    mutating func count(_ o: ExampleOutcome, elapsed: Double) {
        done += 1
        attackedNow += 1
        if o.status == .successful { successes += 1 }
        modelQueries += o.modelQueries
        seconds = elapsed
    }

    /// One status line: examples done/total, successes, queries/s, ETA.
    public var line: String {
        let rate = seconds > 0 ? Double(modelQueries) / seconds : 0
        let perExample = attackedNow > 0 ? seconds / Double(attackedNow) : 0
        let eta = Int((Double(total - done) * perExample).rounded())
        let budgetText = budget.map { " (≤\($0) queries)" } ?? ""
        return "\(checkpoint) × \(attack)\(budgetText): \(done)/\(total) examples, \(successes) successes, "
            + String(format: "%.0f queries/s, ETA %dm%02ds", rate, eta / 60, eta % 60)
    }
}
