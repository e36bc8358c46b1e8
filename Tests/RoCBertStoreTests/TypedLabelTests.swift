import Foundation
import RoCBertCore
import XCTest
@testable import RoCBertStore

/// Gold labels and predictions cross from harness to store to report as typed values, one shape per head,
/// kept as the JSON each head's column has always held.
final class TypedLabelTests: XCTestCase {
    func testEveryHeadsLabelAndPredictionWriteTheirStoredJSON() {
        XCTAssertEqual(GoldLabel.classIndex(1).jsonText, "1")
        XCTAssertEqual(GoldLabel.tags(["B-PER", "I-PER", "O"]).jsonText, #"["B-PER","I-PER","O"]"#)
        XCTAssertEqual(GoldLabel.answer(text: "红烧肉", start: 7).jsonText, #"{"start":7,"text":"红烧肉"}"#)
        XCTAssertEqual(GoldLabel.fill("都").jsonText, #"{"fill":"都"}"#)
        XCTAssertEqual(GoldLabel.none.jsonText, "null")
        XCTAssertEqual(RecordedPrediction.classIndex(0).jsonText, "0")
        XCTAssertEqual(RecordedPrediction.tags(["B-LOC", nil, "O"]).jsonText, #"["B-LOC",null,"O"]"#)
        XCTAssertEqual(RecordedPrediction.span(text: "红烧肉", start: 7, end: 10).jsonText, #"{"end":10,"start":7,"text":"红烧肉"}"#)
        XCTAssertEqual(RecordedPrediction.fills(["都", "好"]).jsonText, #"{"fills":["都","好"]}"#)
        XCTAssertEqual(RecordedPrediction.none.jsonText, "null")
    }

    /// Each head's values read back equal through the store, in a run of that head.
    func testEveryHeadsValuesReadBackFromTheStore() throws {
        let cases: [(AttackTask, GoldLabel, RecordedPrediction, RecordedPrediction)] = [
            (.sequenceClassification, .classIndex(1), .classIndex(1), .classIndex(0)),
            (.multipleChoice, .classIndex(2), .classIndex(2), .classIndex(0)),
            (.tokenClassification, .tags(["B-PER", "I-PER"]), .tags(["B-PER", "I-PER"]), .tags(["O", nil])),
            (.questionAnswering, .answer(text: "\"引号\"\\", start: 3), .span(text: "\"引号\"\\", start: 3, end: 7), .span(text: "号", start: 4, end: 5)),
            (.maskedLM, .fill("都"), .fills(["都"]), .fills(["也"])),
            (.maskedLM, .none, .fills([]), .none),
        ]
        let store = try ResultStore(path: temporaryDatabasePath())
        for (i, (head, label, clean, attacked)) in cases.enumerated() {
            var key = StoreFixtures.key(attack: "a\(i)")
            key.head = head
            let run = try store.openRun(key, plannedExamples: 1).runId
            var r = StoreFixtures.fullRecord()
            (r.label, r.cleanPrediction, r.attackedPrediction) = (label, clean, attacked)
            try store.record(r, runId: run)
            XCTAssertEqual(try store.records(runId: run), [r], "\(head)")
        }
    }

    /// Shapes older code wrote still read: a masked-LM gold stored span-shaped with start -1, masked-LM
    /// fills stored as a bare array (told from tags by the run's head), tags stored by id.
    func testOlderStoredShapesReadAsTheirHeadsValues() throws {
        let path = temporaryDatabasePath()
        let store = try ResultStore(path: path)
        var mlm = StoreFixtures.key(attack: "mlm")
        mlm.head = .maskedLM
        let mlmRun = try store.openRun(mlm, plannedExamples: 1).runId
        var ner = StoreFixtures.key(attack: "ner")
        ner.head = .tokenClassification
        let nerRun = try store.openRun(ner, plannedExamples: 1).runId
        for run in [mlmRun, nerRun] { try store.record(StoreFixtures.record(index: 0), runId: run) }
        let db = try SQLiteDatabase(path: path, create: false)
        try db.execute(#"UPDATE examples SET label = '{"text":"都","start":-1}', clean_prediction = '["都"]', attacked_prediction = '["也"]' WHERE run_id = \#(mlmRun)"#)
        try db.execute(#"UPDATE examples SET label = '["B-PER","O"]', clean_prediction = '[1,null]', attacked_prediction = NULL WHERE run_id = \#(nerRun)"#)
        let m = try XCTUnwrap(try store.records(runId: mlmRun).first)
        XCTAssertEqual(m.label, .fill("都"))
        XCTAssertEqual(m.cleanPrediction, .fills(["都"]))
        XCTAssertEqual(m.attackedPrediction, .fills(["也"]))
        let n = try XCTUnwrap(try store.records(runId: nerRun).first)
        XCTAssertEqual(n.label, .tags(["B-PER", "O"]))
        XCTAssertEqual(n.cleanPrediction, .tags(["1", nil]))
        XCTAssertNil(n.attackedPrediction)
    }

    /// A label or prediction that is not one of the shapes is an error naming the file, the column
    /// and the example, not a guess.
    func testAnUnreadableLabelOrPredictionNamesTheFileAndColumn() throws {
        for (column, value) in [("label", "{\"colour\":1}"), ("clean_prediction", "\"positive\""), ("attacked_prediction", "{\"text\":\"a\"}"), ("label", "not json")] {
            let path = temporaryDatabasePath()
            let store = try ResultStore(path: path)
            let run = try store.openRun(StoreFixtures.key(), plannedExamples: 1).runId
            try store.record(StoreFixtures.fullRecord(), runId: run)
            try SQLiteDatabase(path: path, create: false).execute("UPDATE examples SET \(column) = '\(value)'")
            XCTAssertThrowsError(try store.records(runId: run), column) { error in
                let line = "\(error)"
                XCTAssertTrue(line.contains(path) && line.contains("\(column) of example 0 of run \(run)"), line)
                XCTAssertFalse(line.contains("\n"), line)
            }
        }
    }
}
