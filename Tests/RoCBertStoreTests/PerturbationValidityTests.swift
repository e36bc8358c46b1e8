import Foundation
import XCTest
@testable import RoCBertStore

/// The per-substitution validity facts (human confusion, substitute rank, tone change) survive the store, nil included.
final class PerturbationValidityTests: XCTestCase {
    func testSetAndNilValidityFactsReadBackExactly() throws {
        let path = temporaryDatabasePath()
        let store = try ResultStore(path: path)
        let (runId, _, _) = try store.openRun(StoreFixtures.key(), plannedExamples: 1)
        var record = StoreFixtures.fullRecord()
        record.perturbations = [
            Perturbation(position: 0, original: "是", replacement: "事", transformation: "homophone", justification: "shì = shì",
                         humanConfusion: true, substituteRank: 8105, toneChanged: false),
            Perturbation(position: 1, original: "好", replacement: "号", transformation: "near-homophone", justification: "hǎo ~ hào",
                         outOfVocabulary: true, humanConfusion: false, substituteRank: 1, toneChanged: true),
            Perturbation(position: 2, original: "电影", replacement: "電影", transformation: "traditional", justification: "traditional form"),
            Perturbation(position: 4, original: "未", replacement: "末", transformation: "visual", justification: "one stroke",
                         humanConfusion: nil, substituteRank: 1234, toneChanged: nil),
        ]
        try store.record(record, runId: runId)

        let read = try ResultStore(path: path).records(runId: runId)
        XCTAssertEqual(read, [record])
        XCTAssertEqual(read[0].perturbations.map(\.humanConfusion), [true, false, nil, nil])
        XCTAssertEqual(read[0].perturbations.map(\.substituteRank), [8105, 1, nil, 1234])
        XCTAssertEqual(read[0].perturbations.map(\.toneChanged), [false, true, nil, nil])

        // nil is stored as NULL, never as 0.
        let raw = try SQLiteDatabase(path: path, create: false).prepare(
            "SELECT human_confusion, substitute_rank, tone_changed FROM perturbations ORDER BY ordinal"
        ).rows { s in [0, 1, 2].map { s.isNull($0) ? "NULL" : "\(s.int($0))" } }
        XCTAssertEqual(raw, [["1", "8105", "0"], ["0", "1", "1"], ["NULL", "NULL", "NULL"], ["NULL", "1234", "NULL"]])
    }
}
