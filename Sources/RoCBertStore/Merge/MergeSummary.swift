/// What `ShardMerge.merge` did and what the merged database still lacks.
public struct MergeSummary: Equatable, Sendable {
    /// A run of the merged database that has fewer examples than the suite plans.
    public struct IncompleteRun: Equatable, Sendable {
        public var run: String
        public var recorded: Int
        public var planned: Int
    }

    /// A shard file whose own runs are not finished (still running, or killed and not yet retried).
    public struct UnfinishedShard: Equatable, Sendable {
        public var file: String
        public var shard: Int
        public var recorded: Int
        public var units: Int
    }

    public var output: String
    public var suite: String
    public var shardCount: Int
    /// Examples copied into the output by this merge.
    public var added: Int
    /// Examples of the shard files the output already held, identical.
    public var alreadyThere: Int
    /// Shard indices the output holds after the merge.
    public var mergedShards: [Int]
    public var unfinishedShards: [UnfinishedShard]
    public var incompleteRuns: [IncompleteRun]
    /// Every kind of arithmetic the merged shards ran on (`ShardInfo.compute`), in shard order.
    public var compute: [String] = []

    /// Shard indices not merged yet.
    public var missingShards: [Int] { Array(Set(0..<shardCount).subtracting(mergedShards)).sorted() }
    /// Every shard merged and every run holds all its examples.
    public var complete: Bool { missingShards.isEmpty && incompleteRuns.isEmpty }

    /// Lines for the terminal: what was merged, then each thing still missing.
    public var lines: [String] {
        var out = ["\(output): \(added) examples added, \(alreadyThere) already there; shards \(mergedShards.map(String.init).joined(separator: ", ")) of \(shardCount) merged (suite \(suite))"]
        if !missingShards.isEmpty {
            out.append("missing: shard\(missingShards.count == 1 ? "" : "s") \(missingShards.map(String.init).joined(separator: ", ")) of \(shardCount) not merged yet")
        }
        for u in unfinishedShards {
            out.append("unfinished: \(u.file) (shard \(u.shard)) holds \(u.recorded) of its \(u.units) units; merge it again when its job has finished")
        }
        for r in incompleteRuns {
            out.append("incomplete: \(r.run): \(r.recorded) of \(r.planned) examples recorded")
        }
        if compute.count > 1 {
            out.append("mixed arithmetic: the shards ran on \(compute.joined(separator: "; ")); fp32 rounding differs between them, "
                       + "so a few results may differ from one process's run")
        }
        if complete { out.append("complete: every shard merged, every run holds all its examples") }
        return out
    }
}
