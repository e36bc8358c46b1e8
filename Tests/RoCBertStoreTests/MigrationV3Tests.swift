import Foundation
import RoCBertCore
import XCTest
@testable import RoCBertStore

/// Version 2 → 3: precision out of the checkpoint hash, dataset hashes, canonical attack configs.
final class MigrationV3Tests: XCTestCase {
    /// A version-2 database with the runs version-2 code wrote: fp32, bf16 and bf16x3 of one checkpoint,
    /// a beam search (its `beam_width` out of key order), and a config that never was JSON.
    private func versionTwoDatabase() throws -> String {
        let path = temporaryDatabasePath()
        let db = try SQLiteDatabase(path: path, create: true)
        try db.execute(Migrations.steps[0].sql + ";" + Migrations.steps[1].sql + "; PRAGMA user_version = 2")
        let greedy = #"{"constraints":{"digits":true,"max_perturbed_ratio":0.1,"protected":[],"stopwords":true},"max_candidates":20,"max_queries":300,"saliency":"delete","search":"greedy","target":null,"transformations":["homophone"]}"#
        let beam = #"{"constraints":{"digits":false,"max_perturbed_ratio":0.2,"protected":["北京"],"stopwords":true},"max_candidates":5,"max_queries":null,"saliency":"unk","search":"beam","beam_width":3,"target":1,"transformations":["visual","split"]}"#
        let rows: [(Int, String, String, String)] = [
            (1, "homophone", greedy, "ckpt"), (2, "homophone", greedy, "ckpt+bf16"), (3, "homophone", greedy, "ckpt+bf16x3"),
            (4, "beamy", beam, "ckpt"), (5, "broken", #"{"protected":["a\b"#, "ckpt"),
        ]
        for (id, attack, config, hash) in rows {
            try db.prepare("""
                INSERT INTO runs (id, suite, attack, attack_config, attack_config_hash, checkpoint_name, checkpoint_path, checkpoint_hash,
                                  head, seed, planned_examples, created_at, finished_at)
                VALUES (?, 'demo', ?, ?, 'old', 'c', '/c', ?, 'sequence-classification', 7, 1, '2026-01-01T00:00:00Z', '2026-01-01T00:01:00Z')
                """).run([.int(id), .text(attack), .text(config), .text(hash)])
        }
        try db.execute("""
            INSERT INTO examples (id, run_id, example_index, example_id, clean_text, label, clean_prediction, clean_scores, status,
                                  queries, model_queries, perturbed_characters, text_length, extra_metrics, elapsed_seconds, recorded_at)
                VALUES (1, 4, 0, 'ex-0', '未来', '1', '1', '[0.1,0.9]', 'failed', 3, 3, 0, 2, '{}', 0.5, '2026-01-01T00:00:00Z');
            INSERT INTO perturbations (example_row_id, ordinal, position, original, replacement, transformation, justification, out_of_vocabulary)
                VALUES (1, 0, 0, '未', '末', 'visual', 'kept', 0);
            """)
        return path
    }

    func testPrecisionLeavesTheHashAndConfigsBecomeCanonical() throws {
        let path = try versionTwoDatabase()
        let store = try ResultStore(path: path)
        XCTAssertEqual(try SQLiteDatabase(path: path, create: false).userVersion(), Migrations.latestVersion)
        let raw = try SQLiteDatabase(path: path, create: false).prepare(
            "SELECT id, checkpoint_hash, precision, dataset_hash IS NULL, attack_config, attack_config_hash FROM runs ORDER BY id"
        ).rows { ($0.int(0), $0.text(1)!, $0.text(2)!, $0.int(3), $0.text(4)!, $0.text(5)!) }
        XCTAssertEqual(raw.map(\.1), ["ckpt", "ckpt", "ckpt", "ckpt", "ckpt"])
        XCTAssertEqual(raw.map(\.2), ["fp32", "bf16", "bf16x3", "fp32", "fp32"])
        XCTAssertEqual(raw.map(\.3), [1, 1, 1, 1, 1], "dataset hashes are unknown until a run is reopened")
        let beam = try AttackSpec(canonicalJSON: raw[3].4)
        XCTAssertEqual(beam, AttackSpec(name: "beamy", transformations: ["visual", "split"], search: .beam(width: 3), saliency: .unk, target: 1,
                                        constraints: { var c = AttackSpec.Constraints(); c.skipDigits = false; c.protectedStrings = ["北京"]; c.allowRare = true; c.allowUnk = true; c.minEdits = 1; return c }(),
                                        maxQueries: nil, maxCandidates: 5))
        XCTAssertEqual(raw[3].4, beam.canonicalJSON)
        XCTAssertEqual(raw[3].5, ContentHash.hex(beam.canonicalJSON))
        XCTAssertEqual(raw[4].4, #"{"protected":["a\b"#, "a config that never decoded is left as it was")
        // The records survive the table rebuild with their perturbations.
        XCTAssertEqual(try store.records(runId: 4).first?.perturbations.map(\.justification), ["kept"])
        // The undecodable one makes reading runs an error naming it, never a silent blank.
        XCTAssertThrowsError(try store.runs()) { e in XCTAssertTrue("\(e)".contains("run 5 (broken)"), "\(e)") }
    }

    func testALegacyRunIsAdoptedOnlyWhenItsExamplesAreTheDataSets() throws {
        let path = try versionTwoDatabase()
        let store = try ResultStore(path: path)
        var key = StoreFixtures.key(checkpointHash: "ckpt", attack: "beamy", datasetHash: "dataset-now")
        key.suite = "demo"
        key.checkpointName = "c"
        key.attack = try AttackSpec(canonicalJSON: try SQLiteDatabase(path: path, create: false)
            .prepare("SELECT attack_config FROM runs WHERE id = 4").rows { $0.text(0)! }[0])
        XCTAssertThrowsError(try store.openRun(key, plannedExamples: 1, cleanTexts: [0: "过去"])) { e in
            let line = "\(e)"
            XCTAssertTrue(line.contains("run 4") && line.contains("recorded before dataset hashes") && line.contains("dataset-now"), line)
        }
        let (runId, done, finished) = try store.openRun(key, plannedExamples: 1, cleanTexts: [0: "未来"])
        XCTAssertEqual(runId, 4)
        XCTAssertEqual(done, [0])
        XCTAssertTrue(finished)
        let stored = try SQLiteDatabase(path: path, create: false).prepare("SELECT dataset_hash FROM runs WHERE id = 4").rows { $0.text(0) }
        XCTAssertEqual(stored, ["dataset-now"])
    }
}
