import RoCBertCore
import RoCBertStore

/// One run as the report shows it: its records, metrics and the labels that name it in tables.
public struct ReportRun: Sendable {
    /// The run as stored.
    public var info: RunInfo
    /// Its examples, by index.
    public var records: [ExampleRecord]
    /// Computed from `records`.
    public var metrics: RunMetrics
    /// People's marks on its attacked texts, by example index, then reviewer.
    public var judgements: [Judgement]
    /// The checkpoint's name, with its precision when not fp32 and a short hash when two checkpoints share a name.
    public var checkpointLabel: String
    /// The attack's name, with the suite, budget, seed or run id when needed to tell runs apart.
    public var attackLabel: String

    /// A run with its records and judgements; labels start as the plain names.
    public init(info: RunInfo, records: [ExampleRecord], judgements: [Judgement] = []) {
        self.info = info
        self.records = records
        self.judgements = judgements
        metrics = RunMetrics(records: records)
        checkpointLabel = info.key.checkpointName
        attackLabel = info.key.attack.name
    }

    /// The attack as run.
    public var spec: AttackSpec { info.key.attack }

    /// `checkpoint × attack`.
    public var title: String { "\(checkpointLabel) × \(attackLabel)" }
}
