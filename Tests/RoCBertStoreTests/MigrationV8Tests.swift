import Foundation
import RoCBertCore
import XCTest
@testable import RoCBertStore

/// Version 7 → 8: whether a RoCBert checkpoint's shape and pronunciation inputs saw each edit;
/// rows recorded before keep NULL (not recorded), never a guessed value.
final class MigrationV8Tests: XCTestCase {
    func testAVersionSevenDatabaseKeepsItsEditsUnrecordedAndStoresNewFacts() throws {
        let (path, db) = try StoreFixtures.databaseWithOneRun(atVersion: 7, in: self)
        try db.execute("""
            INSERT INTO examples (id, run_id, example_index, example_id, clean_text, label, clean_prediction, clean_scores,
                                  status, queries, model_queries, perturbed_characters, text_length, extra_metrics, elapsed_seconds, recorded_at)
                VALUES (1, 1, 0, 'ex-0', '今天下雨', '1', '1', '[0.2,0.8]', 'successful', 3, 3, 1, 4, '{}', 0.5, '2026-01-01T00:00:00Z');
            INSERT INTO perturbations (example_row_id, ordinal, position, original, replacement, transformation, justification)
                VALUES (1, 0, 3, '雨', '语', 'homophone', 'old row');
            """)
        let store = try ResultStore(path: path)
        XCTAssertEqual(try SQLiteDatabase(path: path, create: false).userVersion(), 8)
        let old = try XCTUnwrap(try store.records(runId: 1).first?.perturbations.first)
        XCTAssertNil(old.shapeKept)
        XCTAssertNil(old.pronunciationKept)

        var new = StoreFixtures.record(index: 1, status: .successful)
        new.perturbations = [
            Perturbation(position: 0, original: "今", replacement: "令", transformation: "visual", justification: "j", shapeKept: true, pronunciationKept: false),
            Perturbation(position: 1, original: "天", replacement: "添", transformation: "homophone", justification: "j", shapeKept: false, pronunciationKept: true),
            Perturbation(position: 2, original: "下", replacement: "夏", transformation: "homophone", justification: "j"),
        ]
        try SQLiteDatabase(path: path, create: false).execute("UPDATE runs SET finished_at = NULL, planned_examples = 2")
        try store.record(new, runId: 1)
        XCTAssertEqual(try store.records(runId: 1).last?.perturbations, new.perturbations)
    }
}
