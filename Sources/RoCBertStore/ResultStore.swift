import Foundation
import RoCBertCore

/// The SQLite record of attack runs: one row per finished example, resumable, never overwritten.
/// People's judgements of the attacked texts sit beside them (`recordJudgements`); a reviewer's
/// changed mark is the one value the store replaces.
///
/// Each instance owns one connection; calls are serialized by a lock so an instance may be
/// shared between threads. Separate instances (or processes) on one file are safe too:
/// WAL lets readers proceed while one writer holds BEGIN IMMEDIATE, and writers queue.
public final class ResultStore: @unchecked Sendable {
    /// The database file.
    public let path: String
    let db: SQLiteDatabase
    private let lock = NSLock()

    /// Opens (and when `create`, creates) the database, upgrading its schema if it is older.
    ///
    /// A database from newer code, or a SQLite file that is not a results database, is refused
    /// before anything is written to it; `create: false` (for readers) also refuses an empty file.
    public init(path: String, create: Bool = true) throws {
        if !create && !FileManager.default.fileExists(atPath: path) {
            throw StoreError.missingDatabase(file: path)
        }
        self.path = path
        db = try SQLiteDatabase(path: path, create: create)
        let (found, objects) = try db.versionAndObjectCount()
        if found > Migrations.latestVersion {
            throw StoreError.newerSchema(file: path, found: found, supported: Migrations.latestVersion)
        }
        // Version 0 is either a brand-new file or somebody else's database: only the first may get our tables.
        if found == 0 && (objects > 0 || !create) { throw StoreError.notAResultsDatabase(file: path) }
        try db.retryingWhileBusy { try db.execute("PRAGMA journal_mode = WAL", "switching to WAL") }
        // FULL: a finished example survives power loss, not just a killed process; one fsync per
        // example is nothing next to the seconds an attack takes.
        try db.execute("PRAGMA synchronous = FULL", "setting connection options")
        try SchemaMigrator.migrate(db)
        try db.execute("PRAGMA foreign_keys = ON", "setting connection options")
    }

    /// The run for `key`, created if new; `done` holds the example indices already recorded, and
    /// `finished` whether the run is complete.
    ///
    /// Reopening updates the planned count; a finished run with more planned than recorded is reopened.
    /// A run that matches `key` in everything but the data set is never continued: one recorded on
    /// other examples is an error naming both dataset hashes, and one recorded before the store kept
    /// dataset hashes is adopted only if every example it holds has the text `cleanTexts` gives for
    /// its index.
    public func openRun(_ key: RunKey, plannedExamples: Int, cleanTexts: [Int: String] = [:]) throws -> (runId: Int64, done: Set<Int>, finished: Bool) {
        guard let datasetHash = key.datasetHash else {
            throw StoreError.corruptValue(file: path, detail: "run \(key.attack.name) on \(key.checkpointName) has no dataset hash")
        }
        let attackConfig = key.attack.canonicalJSON
        let attackHash = ContentHash.hex(attackConfig)
        return try locked {
            try db.immediateTransaction("opening the run \(key.attack.name) on \(key.checkpointName)") {
                let sameRun = try db.prepare("""
                    SELECT id, dataset_hash FROM runs
                    WHERE suite = ? AND attack = ? AND attack_config_hash = ? AND checkpoint_hash = ? AND precision = ? AND head = ? AND seed = ?
                    ORDER BY id
                    """).rows([.text(key.suite), .text(key.attack.name), .text(attackHash), .text(key.checkpointHash),
                               .text(key.precision.rawValue), .text(key.head.rawValue), .integer(Int64(bitPattern: key.seed))]) {
                        (id: $0.int64(0), datasetHash: $0.text(1))
                    }
                var runId = sameRun.first { $0.datasetHash == datasetHash }?.id
                if runId == nil, let other = sameRun.first(where: { $0.datasetHash != nil }) {
                    throw StoreError.datasetChanged(file: path, runId: other.id, run: "\(key.checkpointName) × \(key.attack.name)",
                                                    recorded: other.datasetHash!, current: datasetHash)
                }
                if runId == nil, let legacy = sameRun.first {
                    try adoptLegacyRun(legacy.id, run: "\(key.checkpointName) × \(key.attack.name)", datasetHash: datasetHash, cleanTexts: cleanTexts)
                    runId = legacy.id
                }
                if let id = runId {
                    // A shorter --limit on resume plans fewer than are recorded: never plan below what is there.
                    try db.prepare("UPDATE runs SET planned_examples = MAX(?, (SELECT COUNT(*) FROM examples WHERE run_id = ?)) WHERE id = ?")
                        .run([.int(plannedExamples), .integer(id), .integer(id)])
                    try db.prepare("""
                        UPDATE runs SET finished_at = NULL
                        WHERE id = ? AND finished_at IS NOT NULL AND planned_examples > (SELECT COUNT(*) FROM examples WHERE run_id = ?)
                        """).run([.integer(id), .integer(id)])
                } else {
                    try db.prepare("""
                        INSERT INTO runs (suite, attack, attack_config, attack_config_hash, checkpoint_name, checkpoint_path,
                                          checkpoint_hash, precision, dataset_hash, head, seed, planned_examples, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
                        """).run([
                            .text(key.suite), .text(key.attack.name), .text(attackConfig), .text(attackHash),
                            .text(key.checkpointName), .text(key.checkpointPath), .text(key.checkpointHash),
                            .text(key.precision.rawValue), .text(datasetHash), .text(key.head.rawValue),
                            .integer(Int64(bitPattern: key.seed)), .int(plannedExamples),
                        ], "creating the run \(key.attack.name) on \(key.checkpointName)")
                    runId = db.lastInsertRowID
                }
                let done = try db.prepare("SELECT example_index FROM examples WHERE run_id = ?").rows([.integer(runId!)]) { $0.int(0) }
                let finished = try db.prepare("SELECT finished_at IS NOT NULL FROM runs WHERE id = ?").rows([.integer(runId!)]) { $0.int(0) != 0 }
                return (runId!, Set(done), finished.first ?? false)
            }
        }
    }

    /// Gives a run recorded before dataset hashes the current one, after checking that each
    /// recorded example is the data set's example of that index.
    private func adoptLegacyRun(_ id: Int64, run: String, datasetHash: String, cleanTexts: [Int: String]) throws {
        let recorded = try db.prepare("SELECT example_index, clean_text FROM examples WHERE run_id = ? ORDER BY example_index")
            .rows([.integer(id)]) { (index: $0.int(0), text: $0.text(1) ?? "") }
        if let differing = recorded.first(where: { cleanTexts[$0.index] != $0.text }) {
            throw StoreError.datasetChanged(
                file: path, runId: id, run: run, recorded: "unknown (recorded before dataset hashes; its example \(differing.index) is not the data set's)",
                current: datasetHash)
        }
        try db.prepare("UPDATE runs SET dataset_hash = ? WHERE id = ?").run([.text(datasetHash), .integer(id)])
    }

    /// Writes one finished example and its perturbations in one transaction.
    ///
    /// Throws `StoreError.duplicateExample` if that example is already recorded; the stored row is kept.
    public func record(_ r: ExampleRecord, runId: Int64) throws {
        try locked {
            try db.immediateTransaction("recording example \(r.exampleIndex) of run \(runId)") {
                let finished = try db.prepare("SELECT finished_at IS NOT NULL FROM runs WHERE id = ?").rows([.integer(runId)]) { $0.int(0) != 0 }
                guard let isFinished = finished.first else { throw StoreError.noSuchRun(file: path, runId: runId) }
                if isFinished { throw StoreError.runFinished(file: path, runId: runId) }
                try insertExample(r, runId: runId, recordedAt: nil)
            }
        }
    }

    /// Inserts one example and its perturbations; the caller holds the lock and the transaction.
    /// `recordedAt` nil means now (a merge keeps the time the shard recorded it).
    func insertExample(_ r: ExampleRecord, runId: Int64, recordedAt: String?) throws {
        do {
            try db.prepare("""
                INSERT INTO examples (run_id, example_index, example_id, clean_text, pair_text, choices, label,
                    clean_prediction, clean_scores, attacked_text, attacked_prediction, attacked_scores,
                    status, queries, model_queries, perturbed_characters, text_length, extra_metrics,
                    error_message, elapsed_seconds, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))
                """).run([
                    .integer(runId), .int(r.exampleIndex), .text(r.exampleId), .text(r.cleanText), .optionalText(r.pairText),
                    .optionalText(try r.choices.map { try JSONColumn.encode($0) }), .text(r.label.jsonText),
                    .text(r.cleanPrediction.jsonText), .text(try JSONColumn.encode(r.cleanScores)),
                    .optionalText(r.attackedText), .optionalText(r.attackedPrediction?.jsonText),
                    .optionalText(try r.attackedScores.map { try JSONColumn.encode($0) }),
                    .text(r.status.rawValue), .int(r.queries), .int(r.modelQueries), .int(r.perturbedCharacters), .int(r.textLength),
                    .text(try JSONColumn.encode(r.extraMetrics)), .optionalText(r.errorMessage), .real(r.elapsedSeconds), .optionalText(recordedAt),
                ], "recording example \(r.exampleIndex) of run \(runId)")
        } catch let e as SQLiteError where e.isUniqueViolation {
            throw StoreError.duplicateExample(file: path, runId: runId, exampleIndex: r.exampleIndex)
        }
        let rowId = db.lastInsertRowID
        let insert = try db.prepare("""
            INSERT INTO perturbations (example_row_id, ordinal, position, original, replacement, transformation, justification,
                                       out_of_vocabulary, human_confusion, substitute_rank, tone_changed, shape_kept, pronunciation_kept)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (i, p) in r.perturbations.enumerated() {
            try insert.run([.integer(rowId), .int(i), .int(p.position), .text(p.original), .text(p.replacement), .text(p.transformation), .text(p.justification),
                            .int(p.outOfVocabulary ? 1 : 0), .optionalBool(p.humanConfusion), .optionalInt(p.substituteRank), .optionalBool(p.toneChanged),
                            .optionalBool(p.shapeKept), .optionalBool(p.pronunciationKept)],
                           "recording perturbation \(i) of example \(r.exampleIndex) of run \(runId)")
        }
    }

    /// Marks the run complete.
    public func finishRun(_ runId: Int64) throws {
        try locked {
            try db.immediateTransaction("finishing run \(runId)") {
                try db.prepare("UPDATE runs SET finished_at = COALESCE(finished_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) WHERE id = ?").run([.integer(runId)])
                if db.changes == 0 { throw StoreError.noSuchRun(file: path, runId: runId) }
            }
        }
    }

    /// Every run (of one suite if given), oldest first.
    ///
    /// A stored attack configuration, precision or head that does not decode is an error naming the run.
    public func runs(suite: String? = nil) throws -> [RunInfo] {
        try locked {
            let sql = """
                SELECT r.id, r.suite, r.attack, r.attack_config, r.checkpoint_name, r.checkpoint_path, r.checkpoint_hash,
                       r.precision, r.dataset_hash, r.head, r.seed, r.planned_examples,
                       (SELECT COUNT(*) FROM examples e WHERE e.run_id = r.id), r.finished_at IS NOT NULL, r.created_at
                FROM runs r \(suite == nil ? "" : "WHERE r.suite = ?") ORDER BY r.id
                """
            return try db.prepare(sql).rows(suite.map { [.text($0)] } ?? []) { s in
                let id = s.int64(0)
                func unreadable(_ problem: String) -> StoreError {
                    .unreadableRun(file: path, runId: id, attack: s.text(2) ?? "", problem: problem)
                }
                let spec: AttackSpec
                do { spec = try AttackSpec(canonicalJSON: s.text(3) ?? "") } catch {
                    throw unreadable("its attack configuration does not decode (\(error)): \((s.text(3) ?? "NULL").prefix(120))")
                }
                guard spec.name == s.text(2) else { throw unreadable("its attack configuration names attack \(spec.name)") }
                guard let precision = Precision(rawValue: s.text(7) ?? "") else { throw unreadable("unknown precision \(s.text(7) ?? "NULL")") }
                guard let head = AttackTask(rawValue: s.text(9) ?? "") else { throw unreadable("unknown head \(s.text(9) ?? "NULL")") }
                let key = RunKey(suite: s.text(1) ?? "", attack: spec, checkpointName: s.text(4) ?? "", checkpointPath: s.text(5) ?? "",
                                 checkpointHash: s.text(6) ?? "", precision: precision, datasetHash: s.text(8), head: head,
                                 seed: UInt64(bitPattern: s.int64(10)))
                return RunInfo(id: id, key: key, plannedExamples: s.int(11), recordedExamples: s.int(12), finished: s.int(13) != 0,
                               createdAt: s.text(14) ?? "")
            }
        }
    }

    /// Every recorded example of a run, by example index, with perturbations in the order made.
    public func records(runId: Int64) throws -> [ExampleRecord] {
        try locked {
            // One read transaction, so examples and perturbations come from the same snapshot.
            try db.execute("BEGIN", "reading run \(runId)")
            defer { try? db.execute("COMMIT") }
            return try readRecords(runId: runId)
        }
    }

    /// `records(runId:)` for a caller that holds the lock and a transaction.
    func readRecords(runId: Int64) throws -> [ExampleRecord] {
        let heads = try db.prepare("SELECT head FROM runs WHERE id = ?").rows([.integer(runId)]) { s in s.text(0) ?? "" }
        guard let headName = heads.first else { throw StoreError.noSuchRun(file: path, runId: runId) }
        guard let head = AttackTask(rawValue: headName) else {
            throw StoreError.corruptValue(file: path, detail: "run \(runId) has unknown head \(headName)")
        }

        var perturbations: [Int64: [Perturbation]] = [:]
        let p = try db.prepare("""
            SELECT p.example_row_id, p.position, p.original, p.replacement, p.transformation, p.justification, p.out_of_vocabulary,
                   p.human_confusion, p.substitute_rank, p.tone_changed, p.shape_kept, p.pronunciation_kept
            FROM perturbations p JOIN examples e ON e.id = p.example_row_id
            WHERE e.run_id = ? ORDER BY p.example_row_id, p.ordinal
            """)
        for (row, item) in try p.rows([.integer(runId)], { s in
            (s.int64(0), Perturbation(position: s.int(1), original: s.text(2) ?? "", replacement: s.text(3) ?? "",
                                      transformation: s.text(4) ?? "", justification: s.text(5) ?? "", outOfVocabulary: s.int(6) != 0,
                                      humanConfusion: s.optionalBool(7), substituteRank: s.optionalInt(8), toneChanged: s.optionalBool(9),
                                      shapeKept: s.optionalBool(10), pronunciationKept: s.optionalBool(11)))
        }) {
            perturbations[row, default: []].append(item)
        }

        let e = try db.prepare("""
            SELECT id, example_index, example_id, clean_text, pair_text, label, clean_prediction, clean_scores,
                   attacked_text, attacked_prediction, attacked_scores, status, queries, model_queries,
                   perturbed_characters, text_length, extra_metrics, error_message, elapsed_seconds, choices
            FROM examples WHERE run_id = ? ORDER BY example_index
            """)
        return try e.rows([.integer(runId)]) { s in
            let index = s.int(1)
            let what = "example \(index) of run \(runId)"
            guard let status = ExampleStatus(rawValue: s.text(11) ?? "") else {
                throw StoreError.corruptValue(file: path, detail: "\(what) has unknown status \(s.text(11) ?? "NULL")")
            }
            return ExampleRecord(
                exampleIndex: index, exampleId: s.text(2) ?? "",
                cleanText: s.text(3) ?? "", pairText: s.text(4),
                choices: try s.text(19).map { try JSONColumn.decode([String].self, $0, file: path, what: "choices of \(what)") },
                label: try JSONColumn.decode(GoldLabel.self, s.text(5) ?? "", file: path, what: "label of \(what)"),
                cleanPrediction: try JSONColumn.decode(RecordedPrediction.self, s.text(6) ?? "", file: path,
                                                       what: "clean_prediction of \(what)").asRecorded(by: head),
                cleanScores: try JSONColumn.decode([Double].self, s.text(7) ?? "", file: path, what: "clean_scores of \(what)"),
                attackedText: s.text(8),
                attackedPrediction: try s.text(9).map {
                    try JSONColumn.decode(RecordedPrediction.self, $0, file: path, what: "attacked_prediction of \(what)").asRecorded(by: head)
                },
                attackedScores: try s.text(10).map { try JSONColumn.decode([Double].self, $0, file: path, what: "attacked_scores of \(what)") },
                status: status, queries: s.int(12), modelQueries: s.int(13),
                perturbedCharacters: s.int(14), textLength: s.int(15),
                perturbations: perturbations[s.int64(0)] ?? [],
                extraMetrics: try JSONColumn.decode([String: Double].self, s.text(16) ?? "", file: path, what: "extra_metrics of \(what)"),
                errorMessage: s.text(17), elapsedSeconds: s.double(18))
        }
    }

    /// Runs `body` holding the instance's lock; every method that touches `db` goes through it.
    func locked<T>(_ body: () throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
