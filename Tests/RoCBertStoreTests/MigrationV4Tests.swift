import Foundation
import RoCBertCore
import XCTest
@testable import RoCBertStore

/// Version 3 → 4: nullable validity columns on perturbations.
final class MigrationV4Tests: XCTestCase {
    /// A version-3 database holding one successful example with two perturbations, as version-3 code wrote it.
    private func versionThreeDatabase() throws -> String {
        let (path, db) = try StoreFixtures.databaseWithOneRun(atVersion: 3, in: self)
        try db.execute("""
            INSERT INTO examples (id, run_id, example_index, example_id, clean_text, label, clean_prediction, clean_scores, attacked_text,
                                  status, queries, model_queries, perturbed_characters, text_length, extra_metrics, elapsed_seconds, recorded_at)
                VALUES (1, 1, 0, 'ex-0', '未来是好', '1', '1', '[0.1,0.9]', '末来事好', 'successful', 3, 3, 2, 4, '{}', 0.5, '2026-01-01T00:00:00Z');
            INSERT INTO perturbations (example_row_id, ordinal, position, original, replacement, transformation, justification, out_of_vocabulary)
                VALUES (1, 0, 0, '未', '末', 'visual', 'one stroke', 0),
                       (1, 1, 2, '是', '事', 'homophone', 'shì = shì', 1);
            """)
        return path
    }

    func testAVersionThreeDatabaseKeepsItsPerturbationsWithUnknownValidity() throws {
        let path = try versionThreeDatabase()
        let store = try ResultStore(path: path)
        XCTAssertEqual(try SQLiteDatabase(path: path, create: false).userVersion(), Migrations.latestVersion)
        let perturbations = try XCTUnwrap(store.records(runId: 1).first).perturbations
        XCTAssertEqual(perturbations, [
            Perturbation(position: 0, original: "未", replacement: "末", transformation: "visual", justification: "one stroke"),
            Perturbation(position: 2, original: "是", replacement: "事", transformation: "homophone", justification: "shì = shì",
                         outOfVocabulary: true),
        ])
        XCTAssertEqual(perturbations.map(\.humanConfusion), [nil, nil])
        XCTAssertEqual(perturbations.map(\.substituteRank), [nil, nil])
        XCTAssertEqual(perturbations.map(\.toneChanged), [nil, nil])
        XCTAssertEqual(try store.runs().map(\.id), [1])

        // The migrated database takes new records with the facts set.
        let (runId, done, _) = try store.openRun(StoreFixtures.key(), plannedExamples: 2)
        XCTAssertEqual(runId, 1)
        XCTAssertEqual(done, [0])
        var record = StoreFixtures.record(index: 1, status: .successful)
        record.perturbations = [Perturbation(position: 0, original: "文", replacement: "闻", transformation: "homophone", justification: "wén",
                                             humanConfusion: true, substituteRank: 1500, toneChanged: false)]
        try store.record(record, runId: runId)
        XCTAssertEqual(try store.records(runId: runId).last?.perturbations, record.perturbations)
    }
}
