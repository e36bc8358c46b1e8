import Foundation

extension ResultStore {
    /// Marks this database as holding `shard`, or checks that it already does.
    ///
    /// A database that holds another shard, the same shard of another plan (the suite, its data or
    /// a checkpoint changed since it ran), or runs recorded without a shard is refused before
    /// anything is recorded, since resuming it would mix two splits of the work.
    public func claimShard(_ shard: ShardInfo) throws {
        try locked {
            try db.immediateTransaction("recording \(shard.name)") {
                let held = try readShards()
                if held.isEmpty {
                    let runs = try db.prepare("SELECT COUNT(*) FROM runs").rows { $0.int(0) }.first ?? 0
                    if runs > 0 {
                        throw StoreError.shardRefused(file: path, problem: "holds \(runs) runs recorded without --shard; a shard needs a database of its own")
                    }
                    try insertShard(shard, recordedAt: nil)
                } else if held.count == 1, held[0].isSameShard(as: shard) {
                    // A retry, perhaps on another node: the row gains what this run computes on.
                    try insertShard(shard, recordedAt: nil)
                } else {
                    let other = held.map { "\($0.name) (plan \($0.planHash.prefix(12)))" }.joined(separator: ", ")
                    throw StoreError.shardRefused(
                        file: path, problem: "holds \(other), not \(shard.name) (plan \(shard.planHash.prefix(12))): the suite, its data or a checkpoint "
                            + "changed since it ran; move the file away to start the shard again")
                }
            }
        }
    }

    /// The shards this database holds (none for a whole run), by index.
    public func shards() throws -> [ShardInfo] {
        try locked { try readShards() }
    }

    func readShards() throws -> [ShardInfo] {
        try db.prepare("""
            SELECT suite, plan_hash, shard_index, shard_count, planned_examples, units, compute FROM shards ORDER BY shard_index, plan_hash
            """).rows { s in
                ShardInfo(suite: s.text(0) ?? "", planHash: s.text(1) ?? "", index: s.int(2), count: s.int(3),
                          plannedExamples: s.int(4), units: s.int(5),
                          compute: try JSONColumn.decode([String].self, s.text(6) ?? "", file: path, what: "compute of shard \(s.int(2))"))
            }
    }

    /// `recordedAt` nil means now. A shard already there keeps its row and gains any new kind of arithmetic.
    func insertShard(_ shard: ShardInfo, recordedAt: String?) throws {
        if let held = try readShards().first(where: { $0.planHash == shard.planHash && $0.index == shard.index }) {
            let compute = held.compute + shard.compute.filter { !held.compute.contains($0) }
            if compute != held.compute { try setCompute(compute, of: shard) }
            return
        }
        try db.prepare("""
            INSERT INTO shards (suite, plan_hash, shard_index, shard_count, planned_examples, units, compute, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, COALESCE(?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))
            """).run([.text(shard.suite), .text(shard.planHash), .int(shard.index), .int(shard.count), .int(shard.plannedExamples),
                      .int(shard.units), .text(try JSONColumn.encode(shard.compute)), .optionalText(recordedAt)], "recording \(shard.name)")
    }

    private func setCompute(_ compute: [String], of shard: ShardInfo) throws {
        try db.prepare("UPDATE shards SET compute = ? WHERE plan_hash = ? AND shard_index = ?")
            .run([.text(try JSONColumn.encode(compute)), .text(shard.planHash), .int(shard.index)], "recording what \(shard.name) ran on")
    }

    /// When each shard row was written, by shard index.
    func shardTimes() throws -> [Int: String] {
        Dictionary(try db.prepare("SELECT shard_index, recorded_at FROM shards").rows { ($0.int(0), $0.text(1) ?? "") },
                   uniquingKeysWith: { a, _ in a })
    }
}
