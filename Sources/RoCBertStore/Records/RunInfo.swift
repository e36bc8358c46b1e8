import RoCBertCore

/// A run as stored, with how far it got.
public struct RunInfo: Equatable, Sendable {
    /// The run id `openRun` returned.
    public var id: Int64
    /// The key the run was first opened with (name and path as first recorded).
    public var key: RunKey
    /// Examples the latest `openRun` said it would record.
    public var plannedExamples: Int
    /// Examples recorded so far.
    public var recordedExamples: Int
    /// `finishRun` was called (and not undone by reopening with a larger plan).
    public var finished: Bool
    /// ISO 8601, UTC.
    public var createdAt: String

    /// A stored run.
    public init(id: Int64, key: RunKey, plannedExamples: Int, recordedExamples: Int, finished: Bool, createdAt: String) {
        self.id = id
        self.key = key
        self.plannedExamples = plannedExamples
        self.recordedExamples = recordedExamples
        self.finished = finished
        self.createdAt = createdAt
    }
}
