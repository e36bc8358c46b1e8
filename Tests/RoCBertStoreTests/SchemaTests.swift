import Foundation
import XCTest
@testable import RoCBertStore

final class SchemaTests: XCTestCase {
    private func tables(_ path: String) throws -> [String] {
        let db = try SQLiteDatabase(path: path, create: false)
        return try db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").rows { $0.text(0) ?? "" }
    }

    func testANewDatabaseGetsEveryTableAndTheLatestVersion() throws {
        let path = temporaryDatabasePath()
        _ = try ResultStore(path: path)
        XCTAssertEqual(try tables(path), ["examples", "judgements", "perturbations", "runs", "shards"])
        XCTAssertEqual(try SQLiteDatabase(path: path, create: false).userVersion(), Migrations.latestVersion)
        let mode = try SQLiteDatabase(path: path, create: false).prepare("PRAGMA journal_mode").rows { $0.text(0) }
        XCTAssertEqual(mode, ["wal"])
    }

    func testAnEmptyFileIsMigratedFromVersionZero() throws {
        let path = temporaryDatabasePath()
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data()))
        XCTAssertEqual(try SQLiteDatabase(path: path, create: false).userVersion(), 0)
        _ = try ResultStore(path: path)
        XCTAssertEqual(try SQLiteDatabase(path: path, create: false).userVersion(), Migrations.latestVersion)
        // Opening again is a no-op.
        _ = try ResultStore(path: path)
        XCTAssertEqual(try tables(path), ["examples", "judgements", "perturbations", "runs", "shards"])
    }

    func testAVersionOneDatabaseKeepsItsRecordsThroughTheUpgrade() throws {
        let path = temporaryDatabasePath()
        do {
            let db = try SQLiteDatabase(path: path, create: true)
            try db.execute(Migrations.steps[0].sql + "; PRAGMA user_version = 1")
        }
        // A record written by version-1 code: no out_of_vocabulary column yet.
        let v1 = try SQLiteDatabase(path: path, create: false)
        try v1.execute("""
            INSERT INTO runs (id, suite, attack, attack_config, attack_config_hash, checkpoint_name, checkpoint_path, checkpoint_hash, head, seed,
                              planned_examples, created_at) VALUES (1, 's', 'a', '{}', 'h', 'c', '/c', 'ch', 'sequence-classification', 0, 2, '2026-01-01T00:00:00Z');
            INSERT INTO examples (id, run_id, example_index, example_id, clean_text, label, clean_prediction, clean_scores, attacked_text, status,
                                  queries, model_queries, perturbed_characters, text_length, extra_metrics, elapsed_seconds, recorded_at)
                VALUES (1, 1, 0, 'ex-0', '未', '0', '0', '[1]', '末', 'successful', 1, 1, 1, 1, '{}', 0.5, '2026-01-01T00:00:00Z');
            INSERT INTO perturbations (example_row_id, ordinal, position, original, replacement, transformation, justification)
                VALUES (1, 0, 0, '未', '末', 'visual', 'old row');
            """)
        let store = try ResultStore(path: path)
        XCTAssertEqual(try SQLiteDatabase(path: path, create: false).userVersion(), Migrations.latestVersion)
        var record = StoreFixtures.fullRecord()
        record.exampleIndex = 1
        try store.record(record, runId: 1)
        let read = try store.records(runId: 1)
        XCTAssertEqual(read.map(\.exampleIndex), [0, 1])
        XCTAssertEqual(read[0].perturbations.map(\.justification), ["old row"])
        XCTAssertEqual(read[0].perturbations.map(\.outOfVocabulary), [false])
        XCTAssertEqual(read[1].perturbations.map(\.outOfVocabulary), [false, true])
    }

    func testMigrationStepsAreOrderedFromOne() {
        XCTAssertEqual(Migrations.steps.map(\.version), Array(1...Migrations.steps.count))
    }

    func testANewerSchemaIsRefusedNamingTheFileAndBothVersionsAndLeftUntouched() throws {
        let path = temporaryDatabasePath()
        do {
            // Rollback-journal mode, so switching to WAL would show in the file's bytes.
            let db = try SQLiteDatabase(path: path, create: true)
            try db.execute("CREATE TABLE future (x); INSERT INTO future VALUES (1); PRAGMA user_version = 99")
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try ResultStore(path: path)) { error in
            XCTAssertEqual(error as? StoreError, .newerSchema(file: path, found: 99, supported: Migrations.latestVersion))
            let line = "\(error)"
            XCTAssertTrue(line.contains(path) && line.contains("99") && line.contains("version \(Migrations.latestVersion)"), line)
            XCTAssertFalse(line.contains("\n"))
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
        XCTAssertEqual(try tables(path), ["future"])
        XCTAssertEqual(try SQLiteDatabase(path: path, create: false).prepare("PRAGMA journal_mode").rows { $0.text(0) }, ["delete"])
    }

    func testOpeningWithoutCreateRefusesAMissingFile() throws {
        let path = temporaryDatabasePath()
        XCTAssertThrowsError(try ResultStore(path: path, create: false)) { error in
            XCTAssertEqual(error as? StoreError, .missingDatabase(file: path))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }

    func testAFileThatIsNotADatabaseIsAnErrorNamingIt() throws {
        let path = temporaryDatabasePath()
        try Data(String(repeating: "not sqlite at all ", count: 100).utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try ResultStore(path: path)) { error in
            XCTAssertTrue("\(error)".hasPrefix(path), "\(error)")
        }
    }

    func testSomebodyElsesDatabaseGetsNoTablesAndAnEmptyOneIsNotReadable() throws {
        let path = temporaryDatabasePath()
        do {
            let db = try SQLiteDatabase(path: path, create: true)
            try db.execute("CREATE TABLE contacts (name TEXT)")
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        for create in [true, false] {
            XCTAssertThrowsError(try ResultStore(path: path, create: create)) { error in
                XCTAssertEqual(error as? StoreError, .notAResultsDatabase(file: path))
            }
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)

        let empty = temporaryDatabasePath()
        XCTAssertTrue(FileManager.default.createFile(atPath: empty, contents: Data()))
        XCTAssertThrowsError(try ResultStore(path: empty, create: false)) { error in
            XCTAssertEqual(error as? StoreError, .notAResultsDatabase(file: empty))
        }
    }
}
