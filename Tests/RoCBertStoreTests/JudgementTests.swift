import Foundation
import XCTest
@testable import RoCBertStore

/// People's marks on attacked texts: recorded all or nothing, idempotent, refused when they do not fit.
final class JudgementTests: XCTestCase {
    /// A store with one run: example 0 successful (the full record's attacked text), 1 skipped (no attacked text).
    private func storeWithOneRun() throws -> (store: ResultStore, path: String, runId: Int64, attacked: String) {
        let path = temporaryDatabasePath()
        let store = try ResultStore(path: path)
        let (runId, _, _) = try store.openRun(StoreFixtures.key(), plannedExamples: 2)
        let full = StoreFixtures.fullRecord(index: 0)
        try store.record(full, runId: runId)
        try store.record(StoreFixtures.record(index: 1, status: .skipped), runId: runId)
        return (store, path, runId, full.attackedText!)
    }

    /// Every judgement row, with its time, as the database holds it.
    private func rows(_ path: String) throws -> [String] {
        try SQLiteDatabase(path: path, create: false)
            .prepare("SELECT run_id, example_index, attacked_text, mark, reviewer, recorded_at FROM judgements ORDER BY id")
            .rows { s in (0..<6).map { s.text(Int32($0)) ?? "NULL" }.joined(separator: "|") }
    }

    private func withoutTime(_ judgements: [Judgement]) -> [Judgement] {
        judgements.map { var j = $0; j.recordedAt = nil; return j }
    }

    func testJudgementsReadBackByExampleThenReviewer() throws {
        let (store, _, runId, attacked) = try storeWithOneRun()
        let marks = [
            Judgement(runId: runId, exampleIndex: 0, attackedText: attacked, mark: Judgement.unnatural, reviewer: "zhang"),
            Judgement(runId: runId, exampleIndex: 0, attackedText: attacked, mark: Judgement.natural, reviewer: "li"),
        ]
        let counts = try store.recordJudgements(marks)
        XCTAssertEqual(counts.added, 2)
        XCTAssertEqual(counts.changed + counts.unchanged, 0)
        let read = try store.judgements(runId: runId)
        XCTAssertEqual(withoutTime(read), [marks[1], marks[0]])
        XCTAssertTrue(read.allSatisfy { ($0.recordedAt ?? "").hasSuffix("Z") }, "\(read.map(\.recordedAt))")
        XCTAssertEqual(read.map(\.isNatural), [true, false])
    }

    func testReadingJudgementsOfAnUnknownRunIsAnError() throws {
        let (store, path, runId, _) = try storeWithOneRun()
        XCTAssertThrowsError(try store.judgements(runId: runId + 1)) { error in
            XCTAssertEqual(error as? StoreError, .noSuchRun(file: path, runId: runId + 1))
        }
        XCTAssertEqual(try store.judgements(runId: runId), [])
    }

    func testRecordingTheSameJudgementAgainChangesNothing() throws {
        let (store, path, runId, attacked) = try storeWithOneRun()
        let mark = Judgement(runId: runId, exampleIndex: 0, attackedText: attacked, mark: Judgement.natural, reviewer: "zhang")
        try store.recordJudgements([mark])
        let before = try rows(path)
        let counts = try ResultStore(path: path).recordJudgements([mark])
        XCTAssertEqual(counts.added + counts.changed, 0)
        XCTAssertEqual(counts.unchanged, 1)
        XCTAssertEqual(try rows(path), before, "same row, same time")
    }

    func testAChangedMindReplacesTheMark() throws {
        let (store, path, runId, attacked) = try storeWithOneRun()
        var mark = Judgement(runId: runId, exampleIndex: 0, attackedText: attacked, mark: Judgement.natural, reviewer: "zhang")
        try store.recordJudgements([mark])
        mark.mark = Judgement.unnatural
        let counts = try store.recordJudgements([mark])
        XCTAssertEqual(counts.changed, 1)
        XCTAssertEqual(counts.added + counts.unchanged, 0)
        XCTAssertEqual(withoutTime(try store.judgements(runId: runId)), [mark])
        XCTAssertEqual(try rows(path).count, 1)
    }

    func testRefusedJudgementsLeaveTheTableAsItWas() throws {
        let (store, path, runId, attacked) = try storeWithOneRun()
        let kept = Judgement(runId: runId, exampleIndex: 0, attackedText: attacked, mark: Judgement.natural, reviewer: "zhang")
        try store.recordJudgements([kept])
        let before = try rows(path)
        // Each bad judgement comes after a good one (a new reviewer's, and a changed mark), which must not be written either.
        let good = [Judgement(runId: runId, exampleIndex: 0, attackedText: attacked, mark: Judgement.natural, reviewer: "li"),
                    Judgement(runId: runId, exampleIndex: 0, attackedText: attacked, mark: Judgement.unnatural, reviewer: "zhang")]
        let edited = String(attacked.prefix(3)) + "X" + String(attacked.dropFirst(4))
        let cases: [(Judgement, String)] = [
            (Judgement(runId: runId, exampleIndex: 9, attackedText: attacked, mark: "natural", reviewer: "li"), "run \(runId) has no example 9"),
            (Judgement(runId: runId + 5, exampleIndex: 0, attackedText: attacked, mark: "natural", reviewer: "li"), "no run with id \(runId + 5)"),
            (Judgement(runId: runId, exampleIndex: 0, attackedText: edited, mark: "natural", reviewer: "li"),
             "its attacked text is not the example's recorded attacked text (they differ from character 4 on)"),
            (Judgement(runId: runId, exampleIndex: 1, attackedText: "", mark: "natural", reviewer: "li"), "the example has no attacked text"),
            (Judgement(runId: runId, exampleIndex: 0, attackedText: attacked, mark: "maybe", reviewer: "li"),
             "mark \"maybe\" is not natural or unnatural"),
            (Judgement(runId: runId, exampleIndex: 0, attackedText: attacked, mark: "natural", reviewer: ""), "it names no reviewer"),
        ]
        for (bad, problem) in cases {
            XCTAssertThrowsError(try store.recordJudgements(good + [bad]), problem) { error in
                guard case let .refusedJudgement(file, run, index, _)? = error as? StoreError else {
                    return XCTFail("\(error)")
                }
                XCTAssertEqual([file, "\(run)", "\(index)"], [path, "\(bad.runId)", "\(bad.exampleIndex)"])
                let line = "\(error)"
                XCTAssertTrue(line.hasPrefix("\(path): judgement of example \(bad.exampleIndex) of run \(bad.runId) refused: "), line)
                XCTAssertTrue(line.contains(problem), line)
                XCTAssertTrue(line.hasSuffix("no judgement of this batch was recorded"), line)
                XCTAssertFalse(line.contains("\n"), line)
            }
            XCTAssertEqual(try rows(path), before, problem)
        }
    }

    func testTheSchemaRefusesAnUnknownMarkWrittenBehindTheStore() throws {
        let (_, path, runId, attacked) = try storeWithOneRun()
        let db = try SQLiteDatabase(path: path, create: false)
        XCTAssertThrowsError(try db.prepare("""
            INSERT INTO judgements (run_id, example_index, attacked_text, mark, reviewer, recorded_at) VALUES (?, 0, ?, 'meh', 'x', 'now')
            """).run([.integer(runId), .text(attacked)]))
    }
}
