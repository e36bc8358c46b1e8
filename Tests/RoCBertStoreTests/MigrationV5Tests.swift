import Foundation
import RoCBertCore
import XCTest
@testable import RoCBertStore

/// Version 4 → 5: the judgements table, empty, beside the runs and examples as they were.
final class MigrationV5Tests: XCTestCase {
    /// A version-4 database holding one successful example, as version-4 code wrote it.
    private func versionFourDatabase() throws -> String {
        let (path, db) = try StoreFixtures.databaseWithOneRun(atVersion: 4, in: self)
        try db.execute("""
            INSERT INTO examples (id, run_id, example_index, example_id, clean_text, label, clean_prediction, clean_scores, attacked_text,
                                  status, queries, model_queries, perturbed_characters, text_length, extra_metrics, elapsed_seconds, recorded_at)
                VALUES (1, 1, 0, 'ex-0', '未来是好', '1', '1', '[0.1,0.9]', '末来事好', 'successful', 3, 3, 2, 4, '{}', 0.5, '2026-01-01T00:00:00Z');
            INSERT INTO perturbations (example_row_id, ordinal, position, original, replacement, transformation, justification,
                                       out_of_vocabulary, human_confusion, substitute_rank, tone_changed)
                VALUES (1, 0, 0, '未', '末', 'visual', 'one stroke', 0, 1, 2000, NULL);
            """)
        return path
    }

    func testAVersionFourDatabaseGainsAnEmptyJudgementsTableAndTakesJudgements() throws {
        let path = try versionFourDatabase()
        let store = try ResultStore(path: path)
        XCTAssertEqual(try SQLiteDatabase(path: path, create: false).userVersion(), Migrations.latestVersion)
        XCTAssertEqual(try store.judgements(runId: 1), [])
        let record = try XCTUnwrap(store.records(runId: 1).first)
        XCTAssertEqual(record.attackedText, "末来事好")
        XCTAssertEqual(record.perturbations.map(\.substituteRank), [2000])

        let mark = Judgement(runId: 1, exampleIndex: 0, attackedText: "末来事好", mark: Judgement.natural, reviewer: "zhang")
        XCTAssertEqual(try store.recordJudgements([mark]).added, 1)
        XCTAssertEqual(try store.judgements(runId: 1).map(\.mark), ["natural"])
        // Opening it again migrates nothing more.
        XCTAssertEqual(try ResultStore(path: path).judgements(runId: 1).count, 1)
    }
}
