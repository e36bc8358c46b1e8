import Foundation
import RoCBertCore

/// `rocbert merge`: the shard databases of one suite joined into one results database.
///
/// Per-example rows are copied, never averaged, so the merged database reports exactly what one
/// process running the whole suite would have recorded. Runs are matched by their key (suite,
/// attack, checkpoint content, precision, data set, head, seed), not by path, so shards run from
/// different mounts merge. Merging is idempotent: an example the output already holds is compared
/// with the shard's (everything but its timing) and skipped when equal.
///
/// Every check happens before the output is written, and the writes are one transaction: a refused
/// merge leaves the output as it was (and does not create it).
public enum ShardMerge {
    /// Merges `shards` into `output` (created when missing).
    ///
    /// Refused, naming the file: a shard file that is missing, not a shard, of another schema
    /// version, or of another suite, plan or shard count than the rest (and than what the output
    /// already holds); an output that holds runs that are not a merge; two rows of one example that
    /// differ. With `requireComplete`, also a merge that would leave a shard or example missing.
    public static func merge(into output: String, shards: [String], requireComplete: Bool = false) throws -> MergeSummary {
        guard !shards.isEmpty else { throw StoreError.mergeRefused(file: output, problem: "no shard databases given") }
        let outputExisted = FileManager.default.fileExists(atPath: output)
        for file in shards {
            if outputExisted && sameFile(file, output) {
                throw StoreError.mergeRefused(file: file, problem: "is the output database itself")
            }
        }
        let inputs = try shards.map(ShardFile.read)
        if outputExisted { try requireCurrentSchema(output) }

        do {
            // The connection closes before a refused new output is removed.
            return try { try ResultStore(path: output, create: true).merge(inputs, requireComplete: requireComplete) }()
        } catch {
            if !outputExisted {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: output + suffix) }
            }
            throw error
        }
    }

    /// A shard database must have been written by this rocbert's schema: an older one would be
    /// upgraded by opening it, a newer one cannot be read.
    static func requireCurrentSchema(_ file: String) throws {
        guard FileManager.default.fileExists(atPath: file) else { throw StoreError.missingDatabase(file: file) }
        let version = try SQLiteDatabase(path: file, create: false).userVersion()
        if version > Migrations.latestVersion {
            throw StoreError.newerSchema(file: file, found: version, supported: Migrations.latestVersion)
        }
        if version < Migrations.latestVersion {
            throw StoreError.mergeRefused(
                file: file, problem: "schema version \(version), but this rocbert writes version \(Migrations.latestVersion): "
                    + "shards and their merge must come from the same rocbert (rerun the shard with it, which upgrades the file)")
        }
    }

    static func sameFile(_ a: String, _ b: String) -> Bool {
        let fm = FileManager.default
        guard let x = try? fm.attributesOfItem(atPath: a), let y = try? fm.attributesOfItem(atPath: b) else { return false }
        return (x[.systemNumber] as? Int) == (y[.systemNumber] as? Int) && (x[.systemFileNumber] as? Int) == (y[.systemFileNumber] as? Int)
    }
}

/// One shard database read whole: its shard rows, runs and examples.
struct ShardFile {
    struct Run {
        var info: RunInfo
        var records: [ExampleRecord]
        /// When the shard recorded each example, by example index.
        var recordedAt: [Int: String]
    }

    let path: String
    let shards: [ShardInfo]
    let shardTimes: [Int: String]
    let runs: [Run]

    static func read(_ path: String) throws -> ShardFile {
        try ShardMerge.requireCurrentSchema(path)
        let store = try ResultStore(path: path, create: false)
        let shards = try store.shards()
        guard !shards.isEmpty else {
            throw StoreError.mergeRefused(file: path, problem: "holds no shard (written by `rocbert run` without --shard)")
        }
        let runs = try store.runs().map { info in
            Run(info: info, records: try store.records(runId: info.id), recordedAt: try store.recordTimes(runId: info.id))
        }
        return ShardFile(path: path, shards: shards, shardTimes: try store.locked { try store.shardTimes() }, runs: runs)
    }
}

extension ResultStore {
    /// When each example of a run was recorded, by example index.
    func recordTimes(runId: Int64) throws -> [Int: String] {
        try locked {
            Dictionary(try db.prepare("SELECT example_index, recorded_at FROM examples WHERE run_id = ?")
                .rows([.integer(runId)]) { ($0.int(0), $0.text(1) ?? "") }, uniquingKeysWith: { a, _ in a })
        }
    }

    /// The merge proper, in one write transaction on this (the output) database.
    func merge(_ inputs: [ShardFile], requireComplete: Bool) throws -> MergeSummary {
        try locked {
            try db.immediateTransaction("merging \(inputs.count) shard databases") {
                let held = try readShards()
                let runCount = try db.prepare("SELECT COUNT(*) FROM runs").rows { $0.int(0) }.first ?? 0
                if held.isEmpty && runCount > 0 {
                    throw StoreError.mergeRefused(file: path, problem: "holds \(runCount) runs that are not a merge of shards; merge into a new file")
                }
                let reference: (file: String, shard: ShardInfo) = held.first.map { (path, $0) } ?? (inputs[0].path, inputs[0].shards[0])
                for (file, shard) in held.map({ (path, $0) }) + inputs.flatMap({ f in f.shards.map { (f.path, $0) } }) {
                    if let problem = Self.mismatch(shard, reference.shard) {
                        throw StoreError.mergeRefused(file: file, problem: "\(shard.name) \(problem) than \(reference.file)'s \(reference.shard.name)")
                    }
                }
                let plan = reference.shard

                var merge = MergeState(store: self)
                var added = 0, alreadyThere = 0
                // Shard order, so runs are numbered as the suite orders them whichever file comes first.
                for input in inputs.sorted(by: { $0.shards[0].index < $1.shards[0].index }) {
                    for run in input.runs {
                        guard run.info.key.suite == plan.suite else {
                            throw StoreError.mergeRefused(file: input.path, problem: "run \(run.info.id) belongs to suite \(run.info.key.suite), not \(plan.suite)")
                        }
                        let outId = try merge.run(for: run.info, plannedExamples: plan.plannedExamples)
                        for record in run.records {
                            if let (existing, origin) = try merge.example(run: outId, index: record.exampleIndex) {
                                if let field = Self.firstDifference(existing, record) {
                                    throw StoreError.mergeRefused(
                                        file: input.path, problem: "example \(record.exampleIndex) of run \(run.info.key.checkpointName) × \(run.info.key.attack.name) "
                                            + "differs from the one in \(origin) (\(field))")
                                }
                                alreadyThere += 1
                            } else {
                                try insertExample(record, runId: outId, recordedAt: run.recordedAt[record.exampleIndex])
                                merge.inserted(record, run: outId, from: input.path)
                                added += 1
                            }
                        }
                    }
                    for shard in input.shards { try insertShard(shard, recordedAt: input.shardTimes[shard.index]) }
                }

                let incomplete = try finishCompleteRuns()
                let unfinished = inputs.compactMap { input -> MergeSummary.UnfinishedShard? in
                    let units = input.shards.map(\.units).reduce(0, +)
                    let recorded = input.runs.map(\.records.count).reduce(0, +)
                    return recorded < units ? .init(file: input.path, shard: input.shards[0].index, recorded: recorded, units: units) : nil
                }
                let merged = try readShards()
                let summary = MergeSummary(output: path, suite: plan.suite, shardCount: plan.count, added: added, alreadyThere: alreadyThere,
                                           mergedShards: Array(Set(merged.map(\.index))).sorted(),
                                           unfinishedShards: unfinished, incompleteRuns: incomplete,
                                           compute: merged.flatMap(\.compute).reduce(into: []) { if !$0.contains($1) { $0.append($1) } })
                if requireComplete && !summary.complete {
                    throw StoreError.mergeRefused(file: path, problem: "incomplete (" + summary.lines.dropFirst().joined(separator: "; ") + ") and --complete was asked")
                }
                return summary
            }
        }
    }

    /// Marks runs that now hold every planned example finished; returns those that do not.
    private func finishCompleteRuns() throws -> [MergeSummary.IncompleteRun] {
        try db.execute("""
            UPDATE runs SET finished_at = COALESCE(finished_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
            WHERE planned_examples <= (SELECT COUNT(*) FROM examples WHERE run_id = runs.id)
            """, "marking merged runs finished")
        return try db.prepare("""
            SELECT checkpoint_name, attack, (SELECT COUNT(*) FROM examples WHERE run_id = runs.id), planned_examples
            FROM runs WHERE finished_at IS NULL ORDER BY id
            """).rows { .init(run: "\($0.text(0) ?? "") × \($0.text(1) ?? "")", recorded: $0.int(2), planned: $0.int(3)) }
    }

    /// Why `shard` cannot merge with `reference`, completing "… than the reference's shard".
    static func mismatch(_ shard: ShardInfo, _ reference: ShardInfo) -> String? {
        if shard.suite != reference.suite { return "is of another suite" }
        if shard.count != reference.count { return "splits the suite into \(shard.count) shards, not \(reference.count) like" }
        if shard.planHash != reference.planHash || shard.plannedExamples != reference.plannedExamples {
            return "has another plan (plan \(shard.planHash.prefix(12)) vs \(reference.planHash.prefix(12)): the suite, its data, precision or a checkpoint differ)"
        }
        return nil
    }

    /// The first recorded field in which two rows of one example differ; their timing is ignored.
    static func firstDifference(_ a: ExampleRecord, _ b: ExampleRecord) -> String? {
        let fields: [(String, (ExampleRecord) -> String)] = [
            ("status", { $0.status.rawValue }), ("clean text", \.cleanText), ("attacked text", { $0.attackedText ?? "none" }),
            ("clean prediction", \.cleanPrediction.jsonText), ("attacked prediction", { $0.attackedPrediction?.jsonText ?? "none" }),
            ("clean scores", { "\($0.cleanScores)" }), ("attacked scores", { "\($0.attackedScores ?? [])" }),
        ]
        for (name, value) in fields where value(a) != value(b) { return "\(name): \(value(a)) vs \(value(b))" }
        var x = a, y = b
        x.elapsedSeconds = 0
        y.elapsedSeconds = 0
        return x == y ? nil : "another recorded field"
    }
}

/// The output's runs and examples as the merge goes, so rows from two shard files of one example
/// are compared with each other as well as with what the output held before.
private struct MergeState {
    let store: ResultStore
    /// Output run id by run identity.
    var runIds: [String: Int64] = [:]
    /// Examples of output runs read so far: example index → (record, the file it came from).
    var examples: [Int64: [Int: (ExampleRecord, String)]] = [:]

    init(store: ResultStore) { self.store = store }

    /// The output's run for a shard's run, created (planning the whole suite's examples) if new.
    mutating func run(for info: RunInfo, plannedExamples: Int) throws -> Int64 {
        let key = info.key
        let identity = [key.suite, key.attack.name, key.attackHash, key.checkpointHash, key.precision.rawValue, key.head.rawValue,
                        String(key.seed), key.datasetHash ?? ""].joined(separator: "\u{1F}")
        if let id = runIds[identity] { return id }
        let db = store.db
        let keyValues: [SQLiteValue] = [.text(key.suite), .text(key.attack.name), .text(key.attackHash), .text(key.checkpointHash),
                                        .text(key.precision.rawValue), .text(key.head.rawValue), .integer(Int64(bitPattern: key.seed)),
                                        .optionalText(key.datasetHash)]
        let found = try db.prepare("""
            SELECT id FROM runs WHERE suite = ? AND attack = ? AND attack_config_hash = ? AND checkpoint_hash = ? AND precision = ?
                AND head = ? AND seed = ? AND dataset_hash IS ?
            """).rows(keyValues) { $0.int64(0) }
        let id: Int64
        if let existing = found.first {
            id = existing
        } else {
            try db.prepare("""
                INSERT INTO runs (suite, attack, attack_config, attack_config_hash, checkpoint_name, checkpoint_path,
                                  checkpoint_hash, precision, dataset_hash, head, seed, planned_examples, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).run([
                    .text(key.suite), .text(key.attack.name), .text(key.attack.canonicalJSON), .text(key.attackHash),
                    .text(key.checkpointName), .text(key.checkpointPath), .text(key.checkpointHash),
                    .text(key.precision.rawValue), .optionalText(key.datasetHash), .text(key.head.rawValue),
                    .integer(Int64(bitPattern: key.seed)), .int(plannedExamples), .text(info.createdAt),
                ], "creating the run \(key.attack.name) on \(key.checkpointName)")
            id = db.lastInsertRowID
        }
        runIds[identity] = id
        return id
    }

    /// The output's row for example `index` of run `run`, and where it came from.
    mutating func example(run: Int64, index: Int) throws -> (ExampleRecord, String)? {
        if examples[run] == nil {
            let rows = try store.readRecords(runId: run)
            examples[run] = Dictionary(uniqueKeysWithValues: rows.map { ($0.exampleIndex, ($0, store.path)) })
        }
        return examples[run]![index]
    }

    mutating func inserted(_ record: ExampleRecord, run: Int64, from file: String) {
        examples[run, default: [:]][record.exampleIndex] = (record, file)
    }
}
