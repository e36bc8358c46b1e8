import Foundation
import RoCBert
import RoCBertCore

/// A suite ready to run: the suite file read and checked, the checkpoints chosen, the examples
/// loaded and hashed, and the run key of every (checkpoint, attack).
public struct SuitePlan: Sendable {
    public var suite: AttackSuite
    /// The examples the suite selects (its data set's limit and seed applied).
    public var selected: [DatasetExample]
    /// The examples this invocation attacks: `selected`, or its first N under `--limit`.
    public var examples: [DatasetExample]
    /// `DatasetHash` of `selected`: a `--limit` run is a partial run of the same data set.
    public var datasetHash: String
    public var precision: Precision
    /// The part of the suite this invocation attacks, when split for a cluster (`run --shard`).
    public var shard: Shard?
    /// Which shard attacks which unit, computed over every checkpoint of the suite (a `--jobs`
    /// worker's plan names fewer) so all shards and workers agree.
    public var assignment: ShardAssignment?

    /// Reads the suite's data set and checks that every chosen checkpoint folder exists.
    /// `checkpoints` keeps only the named ones (all when empty); `limit` attacks the first N examples;
    /// `shard` keeps that shard's share of the work units.
    public init(suite: AttackSuite, precision: Precision, limit: Int? = nil, checkpoints: [String] = [], shard: Shard? = nil) throws {
        var suite = suite
        let allCheckpoints = suite.checkpoints.map(\.name)
        for name in checkpoints where !suite.checkpoints.contains(where: { $0.name == name }) {
            throw RoCBertError(suite.file.path, "no checkpoint named \(name)")
        }
        if !checkpoints.isEmpty { suite.checkpoints = suite.checkpoints.filter { checkpoints.contains($0.name) } }
        if let limit, limit < 1 { throw RoCBertError("--limit", "must be at least 1") }
        for c in suite.checkpoints where !FileManager.default.fileExists(atPath: c.path.appendingPathComponent("config.json").path) {
            throw RoCBertError(c.path.path, "checkpoint \(c.name): no config.json (missing checkpoint?)")
        }
        self.suite = suite
        self.precision = precision
        let selected = try DatasetLoader.load(suite.dataset, task: suite.task)
        self.selected = selected
        examples = limit.map { Array(selected.prefix($0)) } ?? selected
        datasetHash = DatasetHash.compute(selected)
        self.shard = shard
        assignment = shard.map { ShardAssignment(checkpoints: allCheckpoints, attacks: suite.attacks.count, examples: examples, count: $0.count) }
        try Self.checkClasses(suite, selected)
        try Self.checkTags(suite, selected)
        try Self.checkSegments(suite, selected)
    }

    /// Gold labels and attack targets must name one of every checkpoint's classes: an out-of-range
    /// label would be counted as a wrong clean prediction (skipped) and an out-of-range target can
    /// never be reached, both silently. Multiple choice labels are checked against the choices
    /// when the data set is read.
    static func checkClasses(_ suite: AttackSuite, _ examples: [DatasetExample]) throws {
        guard suite.task == .sequenceClassification else { return }
        for c in suite.checkpoints {
            let config = try RoCBertConfig(contentsOf: c.path.appendingPathComponent("config.json"))
            let n = config.numLabels
            if let e = examples.first(where: { ($0.label ?? 0) >= n }) {
                throw RoCBertError("\(suite.dataset.path.path):\(e.line)", "label \(e.label!) is outside checkpoint \(c.name)'s \(n) classes (0–\(n - 1))")
            }
            for attack in suite.attacks {
                if let t = attack.target, t >= n {
                    throw RoCBertError(suite.file.path, "attack \(attack.name): target \(t) is outside checkpoint \(c.name)'s \(n) classes (0–\(n - 1))")
                }
            }
        }
    }

    /// The examples this invocation attacks with attack number `attack` (suite order) on `checkpoint`:
    /// all of `examples`, or the shard's share of them.
    public func examples(for checkpoint: CheckpointSpec, attack: Int) -> [DatasetExample] {
        guard let shard, let assignment else { return examples }
        return assignment.examples(shard: shard.index, checkpoint: checkpoint.name, attack: attack, of: examples)
    }

    /// What identifies the run of `attack` on `checkpoint` in the store.
    public func runKey(_ attack: AttackSpec, _ checkpoint: CheckpointSpec, checkpointHash: String) -> RunKey {
        RunKey(suite: suite.name, attack: attack, checkpointName: checkpoint.name, checkpointPath: checkpoint.path.path,
               checkpointHash: checkpointHash, precision: precision, datasetHash: datasetHash, head: suite.task,
               seed: suite.dataset.seed ?? 0)
    }

    /// Example index → clean text, for checking runs recorded before dataset hashes.
    var cleanTexts: [Int: String] { Dictionary(uniqueKeysWithValues: selected.map { ($0.index, $0.text) }) }
}
