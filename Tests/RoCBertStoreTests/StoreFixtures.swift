import Foundation
import RoCBertCore
import XCTest
@testable import RoCBertStore

extension XCTestCase {
    /// A fresh empty temporary folder, removed when the test ends.
    func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rocbert-store-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// A database path in a fresh temporary folder.
    func temporaryDatabasePath() -> String { temporaryDirectory().appendingPathComponent("results.sqlite").path }
}

/// Temporary folders, keys and records for the store tests.
enum StoreFixtures {
    static func key(checkpointHash: String = "aaaa", attack: String = "greedy-shape", seed: UInt64 = 7,
                    precision: Precision = .fp32, datasetHash: String = "d1") -> RunKey {
        RunKey(suite: "demo", attack: AttackSpec(name: attack, transformations: ["visual"], maxQueries: 200),
               checkpointName: "tiny", checkpointPath: "/models/tiny", checkpointHash: checkpointHash, precision: precision,
               datasetHash: datasetHash, head: .sequenceClassification, seed: seed)
    }

    /// A successful attack with every field set, including non-ASCII text and awkward numbers.
    static func fullRecord(index: Int = 0) -> ExampleRecord {
        ExampleRecord(
            exampleIndex: index, exampleId: "ex-\(index)",
            cleanText: "这部电影我还未看过 😀 'quote' \"dq\"", pairText: "第二句\n换行",
            label: .classIndex(1), cleanPrediction: .classIndex(1), cleanScores: [0.1, 1.0 / 3.0, 1e-300, -2.5],
            attackedText: "这部电影我还末看过 😀 'quote' \"dq\"", attackedPrediction: .classIndex(0), attackedScores: [0.9, 0.1],
            status: .successful, queries: 42, modelQueries: 17, perturbedCharacters: 1, textLength: 26,
            perturbations: [
                Perturbation(position: 6, original: "未", replacement: "末", transformation: "shape", justification: "未/末 differ by one stroke"),
                Perturbation(position: 2, original: "电影", replacement: "電影", transformation: "traditional", justification: "traditional form", outOfVocabulary: true),
            ],
            extraMetrics: ["clean_f1": 0.75, "attacked_f1": 0.125],
            errorMessage: nil, elapsedSeconds: 1.234567)
    }

    /// A minimal record with a chosen status.
    static func record(index: Int, status: ExampleStatus = .failed) -> ExampleRecord {
        ExampleRecord(exampleIndex: index, exampleId: "ex-\(index)", cleanText: "文本\(index)", label: .classIndex(0),
                      cleanPrediction: .classIndex(0), cleanScores: [0.6, 0.4], status: status,
                      queries: 10, modelQueries: 5, perturbedCharacters: 0, textLength: 3, elapsedSeconds: 0.01)
    }

    /// A database at schema `version` (3 or later, when runs took their current shape) holding run 1
    /// as that version's code wrote it; the caller adds the examples its migration test needs.
    static func databaseWithOneRun(atVersion version: Int, in test: XCTestCase) throws -> (path: String, db: SQLiteDatabase) {
        let path = test.temporaryDatabasePath()
        let db = try SQLiteDatabase(path: path, create: true)
        try db.execute(Migrations.steps[0..<version].map(\.sql).joined(separator: ";") + "; PRAGMA user_version = \(version)")
        let spec = key().attack
        try db.prepare("""
            INSERT INTO runs (id, suite, attack, attack_config, attack_config_hash, checkpoint_name, checkpoint_path, checkpoint_hash,
                              precision, dataset_hash, head, seed, planned_examples, created_at, finished_at)
            VALUES (1, 'demo', ?, ?, ?, 'tiny', '/models/tiny', 'aaaa', 'fp32', 'd1', 'sequence-classification', 7, 1,
                    '2026-01-01T00:00:00Z', '2026-01-01T00:01:00Z')
            """).run([.text(spec.name), .text(spec.canonicalJSON), .text(ContentHash.hex(spec.canonicalJSON))])
        return (path, db)
    }
}
