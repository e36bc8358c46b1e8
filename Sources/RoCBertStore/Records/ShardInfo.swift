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
    /// The arithmetic the shard ran on, one entry per distinct kind (e.g. `OpenBLAS Haswell, 2 threads`),
    /// in the order seen: fp32 results round differently on another BLAS kernel or thread count, so a
    /// merge says when its shards did not all run alike. Not part of the shard's identity.
    public var compute: [String]

    public init(suite: String, planHash: String, index: Int, count: Int, plannedExamples: Int, units: Int, compute: [String] = []) {
        self.suite = suite
        self.planHash = planHash
        self.index = index
        self.count = count
        self.plannedExamples = plannedExamples
        self.units = units
        self.compute = compute
    }

    /// The same shard of the same plan, whatever it ran on.
    public func isSameShard(as other: ShardInfo) -> Bool {
        var a = self, b = other
        a.compute = []
        b.compute = []
        return a == b
    }

    /// `shard I/N of suite S`.
    public var name: String { "shard \(index)/\(count) of suite \(suite)" }
}
