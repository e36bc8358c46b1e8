import Foundation
import RoCBertCore
import XCTest
@testable import RoCBertStore

/// Version 6 → 7: multiple-choice choices stored with each example, NULL for rows recorded before.
final class MigrationV7Tests: XCTestCase {
    func testAVersionSixDatabaseKeepsItsRowsWithoutChoicesAndStoresNewOnes() throws {
        let (path, db) = try StoreFixtures.databaseWithOneRun(atVersion: 6, in: self)
        try db.execute("""
            INSERT INTO examples (id, run_id, example_index, example_id, clean_text, label, clean_prediction, clean_scores,
                                  status, queries, model_queries, perturbed_characters, text_length, extra_metrics, elapsed_seconds, recorded_at)
                VALUES (1, 1, 0, 'ex-0', '今天下雨', '1', '1', '[0.2,0.8]', 'failed', 3, 3, 0, 4, '{}', 0.5, '2026-01-01T00:00:00Z');
            """)
        let store = try ResultStore(path: path)
        XCTAssertEqual(try SQLiteDatabase(path: path, create: false).userVersion(), Migrations.latestVersion)
        XCTAssertEqual(try store.records(runId: 1).map(\.choices), [nil])
        var mc = StoreFixtures.record(index: 1)
        mc.choices = ["带伞", "晒太阳", "“引号”\n换行"]
        try SQLiteDatabase(path: path, create: false).execute("UPDATE runs SET finished_at = NULL, planned_examples = 2")
        try store.record(mc, runId: 1)
        XCTAssertEqual(try store.records(runId: 1).map(\.choices), [nil, mc.choices])
        // Damaged choices are one line naming the example.
        try SQLiteDatabase(path: path, create: false).execute("UPDATE examples SET choices = '[1, 2' WHERE example_index = 1")
        XCTAssertThrowsError(try store.records(runId: 1)) { error in
            XCTAssertTrue("\(error)".contains("choices of example 1 of run 1"), "\(error)")
        }
    }
}
