import Foundation
import XCTest
@testable import RoCBertStore

final class ResultStoreTests: XCTestCase {
    func testARecordReadsBackExactly() throws {
        let path = temporaryDatabasePath()
        let store = try ResultStore(path: path)
        let (runId, done, _) = try store.openRun(StoreFixtures.key(), plannedExamples: 3)
        XCTAssertEqual(done, [])
        let full = StoreFixtures.fullRecord(index: 0)
        var error = StoreFixtures.record(index: 2, status: .error)
        error.errorMessage = "text is empty"
        error.cleanScores = [.infinity, -.infinity]
        let skipped = StoreFixtures.record(index: 1, status: .skipped)
        for r in [full, error, skipped] { try store.record(r, runId: runId) }

        // A second connection reads what the first wrote.
        let reread = try ResultStore(path: path).records(runId: runId)
        XCTAssertEqual(reread.map(\.exampleIndex), [0, 1, 2])
        XCTAssertEqual(reread[0], full)
        XCTAssertEqual(reread[1], skipped)
        XCTAssertEqual(reread[2], error)
        XCTAssertEqual(reread[0].perturbations.map(\.transformation), ["shape", "traditional"])
    }

    func testADuplicateIsRefusedAndTheOriginalKept() throws {
        let path = temporaryDatabasePath()
        let store = try ResultStore(path: path)
        let (runId, _, _) = try store.openRun(StoreFixtures.key(), plannedExamples: 1)
        let original = StoreFixtures.fullRecord(index: 5)
        try store.record(original, runId: runId)
        var changed = original
        changed.cleanText = "overwritten"
        changed.perturbations = []
        XCTAssertThrowsError(try store.record(changed, runId: runId)) { error in
            XCTAssertEqual(error as? StoreError, .duplicateExample(file: path, runId: runId, exampleIndex: 5))
        }
        XCTAssertEqual(try store.records(runId: runId), [original])
        // The failed transaction left no stray perturbations behind.
        let count = try SQLiteDatabase(path: path, create: false).prepare("SELECT COUNT(*) FROM perturbations").rows { $0.int(0) }
        XCTAssertEqual(count, [2])
    }

    func testTheSameKeyResumesTheRunWithItsDoneSet() throws {
        let path = temporaryDatabasePath()
        let first = try ResultStore(path: path)
        let (runId, _, _) = try first.openRun(StoreFixtures.key(), plannedExamples: 10)
        for i in [0, 1, 4] { try first.record(StoreFixtures.record(index: i), runId: runId) }

        var moved = StoreFixtures.key()
        moved.checkpointPath = "/elsewhere/tiny-copy"
        moved.checkpointName = "tiny-copy"
        let (again, done, _) = try ResultStore(path: path).openRun(moved, plannedExamples: 10)
        XCTAssertEqual(again, runId)
        XCTAssertEqual(done, [0, 1, 4])
        let runs = try first.runs()
        XCTAssertEqual(runs.count, 1)
        XCTAssertEqual(runs[0].recordedExamples, 3)
        XCTAssertEqual(runs[0].key.checkpointName, "tiny", "the first name is kept")
        XCTAssertFalse(runs[0].finished)
    }

    func testADifferentCheckpointHashConfigOrSeedIsADifferentRun() throws {
        let store = try ResultStore(path: temporaryDatabasePath())
        let (a, _, _) = try store.openRun(StoreFixtures.key(checkpointHash: "aaaa"), plannedExamples: 1)
        try store.record(StoreFixtures.record(index: 0), runId: a)
        let (b, doneB, _) = try store.openRun(StoreFixtures.key(checkpointHash: "bbbb"), plannedExamples: 1)
        XCTAssertNotEqual(a, b)
        XCTAssertEqual(doneB, [])
        var otherConfig = StoreFixtures.key()
        otherConfig.attack.maxQueries = 500
        let (c, _, _) = try store.openRun(otherConfig, plannedExamples: 1)
        let (d, _, _) = try store.openRun(StoreFixtures.key(seed: 8), plannedExamples: 1)
        XCTAssertEqual(Set([a, b, c, d]).count, 4)
        XCTAssertEqual(try store.runs(suite: "demo").map(\.id), [a, b, c, d])
        XCTAssertEqual(try store.runs(suite: "other"), [])
    }

    func testFinishingARunAndReopeningIt() throws {
        let path = temporaryDatabasePath()
        let store = try ResultStore(path: path)
        let (runId, _, _) = try store.openRun(StoreFixtures.key(), plannedExamples: 1)
        try store.record(StoreFixtures.record(index: 0), runId: runId)
        try store.finishRun(runId)
        XCTAssertTrue(try store.runs()[0].finished)
        XCTAssertThrowsError(try store.record(StoreFixtures.record(index: 1), runId: runId)) { error in
            XCTAssertEqual(error as? StoreError, .runFinished(file: path, runId: runId))
        }
        // Same plan: stays finished. Larger plan: reopened.
        _ = try store.openRun(StoreFixtures.key(), plannedExamples: 1)
        XCTAssertTrue(try store.runs()[0].finished)
        _ = try store.openRun(StoreFixtures.key(), plannedExamples: 2)
        XCTAssertFalse(try store.runs()[0].finished)
        try store.record(StoreFixtures.record(index: 1), runId: runId)
        XCTAssertEqual(try store.runs()[0].plannedExamples, 2)
        XCTAssertThrowsError(try store.finishRun(999)) { XCTAssertEqual($0 as? StoreError, .noSuchRun(file: path, runId: 999)) }
        XCTAssertThrowsError(try store.records(runId: 999)) { XCTAssertEqual($0 as? StoreError, .noSuchRun(file: path, runId: 999)) }
        XCTAssertThrowsError(try store.record(StoreFixtures.record(index: 0), runId: 999)) { XCTAssertEqual($0 as? StoreError, .noSuchRun(file: path, runId: 999)) }
    }
}
