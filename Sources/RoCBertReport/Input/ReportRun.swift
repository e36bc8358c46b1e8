import RoCBertStore

/// One run as the report shows it: its records, metrics and the labels that name it in tables.
public struct ReportRun: Sendable {
    public var info: RunInfo
    public var records: [ExampleRecord]
    public var metrics: RunMetrics
    public var config: AttackConfig
    /// The checkpoint's name, with a short hash when two checkpoints share a name.
    public var checkpointLabel: String
    /// The attack's name, with the suite, budget, seed or run id when needed to tell runs apart.
    public var attackLabel: String

    public init(info: RunInfo, records: [ExampleRecord]) {
        self.info = info
        self.records = records
        metrics = RunMetrics(records: records)
        config = AttackConfig(json: info.key.attackConfig)
        checkpointLabel = info.key.checkpointName
        attackLabel = info.key.attack
    }

    /// `checkpoint × attack`.
    public var title: String { "\(checkpointLabel) × \(attackLabel)" }
}
