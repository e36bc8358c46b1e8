/// Which shard attacks which work unit (checkpoint × attack × example) of a suite.
///
/// Longest-processing-time first: units are taken by decreasing cost (an attack's queries grow with
/// the text it edits, so the cost is the example's length in Unicode scalars) and each goes to the
/// shard with the least cost so far. Ties break by suite order (checkpoint, attack, example index)
/// and by the lower shard index, so every machine computes the same split from the same suite.
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
        var units: [(unit: Unit, order: (Int, Int, Int), cost: Int)] = []
        for (c, name) in checkpoints.enumerated() {
            for a in 0..<attacks {
                for e in examples {
                    let cost = 1 + e.text.unicodeScalars.count + (e.pair?.unicodeScalars.count ?? 0)
                    units.append((Unit(checkpoint: name, attack: a, example: e.index), (c, a, e.index), cost))
                }
            }
        }
        units.sort { $0.cost != $1.cost ? $0.cost > $1.cost : $0.order < $1.order }
        var load = Array(repeating: 0, count: count)
        var shardOf: [Unit: Int] = [:]
        shardOf.reserveCapacity(units.count)
        for u in units {
            // The first minimum: ties go to the lower index.
            let s = load.indices.min { load[$0] < load[$1] }!
            load[s] += u.cost
            shardOf[u.unit] = s
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
