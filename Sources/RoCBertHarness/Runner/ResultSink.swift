import RoCBertAttack
import RoCBertCore

/// Where the runner records: one run per `RunKey`, one record per example.
/// `ResultStore` is the real one; tests may use an in-memory sink.
public protocol ResultSink: AnyObject {
    /// Opens (or reopens, to resume) the run with this key; returns its id, the examples already
    /// recorded and whether it is complete. `cleanTexts` (example index → text) lets a sink check
    /// runs recorded before dataset hashes against the data set.
    func openRun(_ key: RunKey, plannedExamples: Int, cleanTexts: [Int: String]) throws -> (runId: Int64, done: Set<Int>, finished: Bool)
    /// Records one finished example in one transaction.
    func record(_ outcome: ExampleOutcome, example: DatasetExample, runId: Int64) throws
    /// Marks a run complete.
    func finishRun(_ runId: Int64) throws
}
