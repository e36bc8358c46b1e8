/// Which shard attacks which work unit (checkpoint × attack × example) of a suite.
///
/// Run by run in suite order, each run's examples longest first (an attack's queries grow with the
/// text it edits, so a unit's cost is the example's length in Unicode scalars), each unit to the
/// shard with the least cost so far (the lower index on a tie). Every shard so gets about 1/N of
/// every run, so attacks of very different speed do not pile up on one shard, and the loads end
/// within one unit's cost of each other. Only the suite's order and texts decide it, so every
/// machine computes the same split.
public struct ShardAssignment: Sendable {
    /// One unit of work: attack number `attack` (suite order) of checkpoint `checkpoint` on example `example`.
    public struct Unit: Hashable, Sendable {
        public var checkpoint: String
        public var attack: Int
        public var example: Int
    }

    public let count: Int
    /// Shard index of every unit.
    public let shardOf: [Unit: Int]
    /// Summed cost per shard.
    public let load: [Int]

    /// Splits every (checkpoint, attack, example) among `count` shards.
    public init(checkpoints: [String], attacks: Int, examples: [DatasetExample], count: Int) {
        var load = Array(repeating: 0, count: count)
        var shardOf: [Unit: Int] = [:]
        shardOf.reserveCapacity(checkpoints.count * attacks * examples.count)
        let longestFirst = examples.map { e in (index: e.index, cost: 1 + e.text.unicodeScalars.count + (e.pair?.unicodeScalars.count ?? 0)) }
            .sorted { $0.cost != $1.cost ? $0.cost > $1.cost : $0.index < $1.index }
        for name in checkpoints {
            for a in 0..<attacks {
                for e in longestFirst {
                    // The first minimum: ties go to the lower index.
                    let s = load.indices.min { load[$0] < load[$1] }!
                    load[s] += e.cost
                    shardOf[Unit(checkpoint: name, attack: a, example: e.index)] = s
                }
            }
        }
        self.count = count
        self.shardOf = shardOf
        self.load = load
    }

    /// The example indices shard `shard` attacks with attack number `attack` on `checkpoint`.
    public func examples(shard: Int, checkpoint: String, attack: Int, of all: [DatasetExample]) -> [DatasetExample] {
        all.filter { shardOf[Unit(checkpoint: checkpoint, attack: attack, example: $0.index)] == shard }
    }

    /// How many units shard `shard` has.
    public func unitCount(shard: Int) -> Int { shardOf.values.lazy.filter { $0 == shard }.count }
}
