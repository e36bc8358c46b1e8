import Foundation
import RoCBert
import RoCBertAttack
import RoCBertCore

/// The real components of a suite: checkpoints loaded from their folders at the run's precision,
/// candidates from the suite's tables, checkpoint hashes computed once per process.
public struct SuiteWiring: SuiteComponents {
    public let task: AttackTask
    public let precision: Precision
    public let tables: PerturbationTables
    public let hashes: CheckpointHashCache
    public var stopwords: Set<String> { Stopwords.chinese }

    public init(suite: AttackSuite, precision: Precision, hashes: CheckpointHashCache = .shared) {
        task = suite.task
        self.precision = precision
        tables = PerturbationTables(tablesDirectory: suite.tablesDirectory, dataDirectory: suite.dataDirectory)
        self.hashes = hashes
    }

    /// The model at `directory` answering `task` at `precision` (what `rocbert predict` queries too).
    public static func victim(directory: URL, task: AttackTask, precision: Precision) throws -> ModelVictim {
        ModelVictim(task: task, head: try task.head.load(directory: directory, precision: precision), encoder: try RoCBertTokenizer(directory: directory))
    }

    public func victim(_ checkpoint: CheckpointSpec) throws -> any VictimModel {
        try Self.victim(directory: checkpoint.path, task: task, precision: precision)
    }

    public func candidates(_ attack: AttackSpec, _ checkpoint: CheckpointSpec) throws -> CandidateGenerator {
        try CandidateFactory.make(attack, checkpoint: checkpoint.path, tables: tables)
    }

    public func ranker(_ attack: AttackSpec, _ checkpoint: CheckpointSpec) throws -> CandidateRanker? {
        guard case .maskedLMGuided(let k, let guide) = attack.search else { return nil }
        return try MaskedLMRanker(directory: guide ?? checkpoint.path, topK: k).rank
    }

    public func checkpointHash(_ checkpoint: CheckpointSpec) throws -> String {
        try hashes.hash(directory: checkpoint.path)
    }
}
