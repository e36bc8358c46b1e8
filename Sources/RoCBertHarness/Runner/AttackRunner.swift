import Foundation
import RoCBertAttack
import RoCBertCore

/// Runs every attack of a suite on every checkpoint and records each example as it finishes, so a
/// killed run resumes where it stopped.
public struct AttackRunner {
    public let plan: SuitePlan
    public let components: any SuiteComponents
    public let sink: any ResultSink
    /// Called after every example (for the progress bar).
    public let progress: ((RunProgress) -> Void)?

    public init(plan: SuitePlan, components: any SuiteComponents, sink: any ResultSink, progress: ((RunProgress) -> Void)? = nil) {
        self.plan = plan
        self.components = components
        self.sink = sink
        self.progress = progress
    }

    /// Opens every run of the suite in suite order without attacking, so that worker processes filling
    /// them later keep the suite's checkpoint order (the report's baseline is the first checkpoint).
    /// Returns each checkpoint's hash by name, for the workers.
    @discardableResult
    public func registerRuns() throws -> [String: String] {
        var hashes: [String: String] = [:]
        for checkpoint in plan.suite.checkpoints {
            let hash = try components.checkpointHash(checkpoint)
            hashes[checkpoint.name] = hash
            for (a, attack) in plan.suite.attacks.enumerated() {
                _ = try sink.openRun(plan.runKey(attack, checkpoint, checkpointHash: hash),
                                     plannedExamples: plan.examples(for: checkpoint, attack: a).count, cleanTexts: plan.cleanTexts)
            }
        }
        return hashes
    }

    /// Runs everything not yet recorded. Without `resume`, a run that already has records but is not
    /// finished is an error rather than a silent continuation.
    public func run(resume: Bool) throws -> [RunProgress] {
        let suite = plan.suite
        var summaries: [RunProgress] = []
        for checkpoint in suite.checkpoints {
            let model = try components.victim(checkpoint)
            let hash = try components.checkpointHash(checkpoint)
            for (a, attack) in suite.attacks.enumerated() {
                let examples = plan.examples(for: checkpoint, attack: a)
                let (runId, done, finished) = try sink.openRun(plan.runKey(attack, checkpoint, checkpointHash: hash),
                                                                plannedExamples: examples.count, cleanTexts: plan.cleanTexts)
                // Examples of this invocation already recorded (a resume with a shorter --limit has more).
                let alreadyDone = examples.filter { done.contains($0.index) }.count
                var state = RunProgress(checkpoint: checkpoint.name, attack: attack.name, budget: attack.maxQueries, total: examples.count, done: alreadyDone)
                if finished || alreadyDone == examples.count {
                    if !finished { try sink.finishRun(runId) }
                    summaries.append(state)
                    continue
                }
                if !done.isEmpty && !resume {
                    throw HarnessError("\(suite.file.path): run \(runId) (\(checkpoint.name) × \(attack.name)) already has \(done.count) of \(examples.count) examples recorded; pass --resume to continue it")
                }
                let attacker = ExampleAttack(task: suite.task, attack: attack, victim: model,
                                             candidates: try components.candidates(attack, checkpoint), stopwords: components.stopwords,
                                             seed: suite.dataset.seed ?? 0, ranker: try components.ranker(attack, checkpoint))
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
    /// Examples that could not be attacked (model or data problems); the report counts them apart.
    public var errors = 0
    public var modelQueries = 0
    /// Examples attacked in this process, and the seconds they took.
    public var attackedNow = 0
    public var seconds = 0.0

    mutating func count(_ o: ExampleOutcome, elapsed: Double) {
        done += 1
        attackedNow += 1
        if o.status == .successful { successes += 1 }
        if o.status == .error { errors += 1 }
        modelQueries += o.modelQueries
        seconds = elapsed
    }

    /// One status line: examples done/total, successes, queries/s, ETA.
    public var line: String {
        let rate = seconds > 0 ? Double(modelQueries) / seconds : 0
        let perExample = attackedNow > 0 ? seconds / Double(attackedNow) : 0
        let eta = Int((Double(total - done) * perExample).rounded())
        let budgetText = budget.map { " (≤\($0) queries)" } ?? ""
        let errorText = errors > 0 ? "\(errors) error\(errors == 1 ? "" : "s") (see the report), " : ""
        return "\(checkpoint) × \(attack)\(budgetText): \(done)/\(total) examples, \(successes) successes, \(errorText)"
            + String(format: "%.0f queries/s, ETA %dm%02ds", rate, eta / 60, eta % 60)
    }
}
