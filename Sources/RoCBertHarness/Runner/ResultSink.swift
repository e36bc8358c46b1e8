import RoCBertAttack

/// Where the runner records: one run per (suite, attack config, checkpoint content), one record per example.
/// `ResultStore` is the real one; tests may use an in-memory sink.
public protocol ResultSink: AnyObject {
    /// Opens (or reopens, to resume) the run with this key; returns its id and the examples already recorded.
    func openRun(_ key: RunDescription, plannedExamples: Int) throws -> (runId: Int64, done: Set<Int>, finished: Bool)
    /// Records one finished example in one transaction.
    func record(_ outcome: ExampleOutcome, example: DatasetExample, runId: Int64) throws
    /// Marks a run complete.
    func finishRun(_ runId: Int64) throws
}

/// What identifies a run.
public struct RunDescription: Sendable, Equatable {
    public var suite: String
    public var attack: AttackSpec
    public var checkpoint: CheckpointSpec
    public var checkpointHash: String
    public var task: AttackSuite.Task
    public var seed: UInt64
}
