import Foundation
import RoCBertCore
import RoCBertStore

extension SuitePlan {
    /// What the shard database records about this plan's shard: which shard, how much work, and
    /// the plan hash that lets `rocbert merge` refuse shards of other suites or versions.
    ///
    /// `checkpointHashes` gives each checkpoint's content hash by name. Called on the plan of every
    /// checkpoint (not a `--jobs` worker's, which names fewer). `compute` says what the arithmetic runs
    /// on (BLAS kernel and threads per process).
    public func shardInfo(checkpointHashes: [String: String], compute: String = "") throws -> ShardInfo? {
        guard let shard, let assignment else { return nil }
        var runs: [ShardPlanHash.Run] = []
        for name in suite.checkpoints.map(\.name) {
            guard let hash = checkpointHashes[name] else { throw HarnessError("no content hash for checkpoint \(name)") }
            for attack in suite.attacks {
                runs.append(.init(checkpoint: name, checkpointHash: hash, attackHash: ContentHash.hex(attack.canonicalJSON)))
            }
        }
        let description = ShardPlanHash(suite: suite.name, precision: precision.rawValue, head: suite.task.rawValue,
                                        seed: suite.dataset.seed ?? 0, datasetHash: datasetHash, examples: examples.map(\.index), runs: runs)
        return ShardInfo(suite: suite.name, planHash: try description.hash(), index: shard.index, count: shard.count,
                         plannedExamples: examples.count, units: assignment.unitCount(shard: shard.index),
                         compute: compute.isEmpty ? [] : [compute])
    }
}

/// Everything that decides a suite's split into shards and what each unit records.
struct ShardPlanHash: Codable {
    struct Run: Codable {
        var checkpoint: String
        var checkpointHash: String
        var attackHash: String
    }

    var suite: String
    var precision: String
    var head: String
    var seed: UInt64
    var datasetHash: String
    /// Indices of the examples attacked (a `--limit` plans fewer).
    var examples: [Int]
    /// Suite order: checkpoints, then attacks.
    var runs: [Run]

    func hash() throws -> String { ContentHash.hex(try CanonicalJSON.encoder.encode(self)) }
}
