/// What part of which suite a shard database holds (the `shards` table).
public struct ShardInfo: Codable, Equatable, Sendable {
    /// The suite name.
    public var suite: String
    /// SHA-256 over the whole suite's plan (every run key, checkpoint name and example): shards
    /// with equal hashes split the same work.
    public var planHash: String
    /// 0-based.
    public var index: Int
    public var count: Int
    /// Examples per run in the whole suite: a merged run is complete at this many.
    public var plannedExamples: Int
    /// Work units (checkpoint × attack × example) assigned to this shard.
    public var units: Int

    public init(suite: String, planHash: String, index: Int, count: Int, plannedExamples: Int, units: Int) {
        self.suite = suite
        self.planHash = planHash
        self.index = index
        self.count = count
        self.plannedExamples = plannedExamples
        self.units = units
    }

    /// `shard I/N of suite S`.
    public var name: String { "shard \(index)/\(count) of suite \(suite)" }
}
