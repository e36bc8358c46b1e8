import Foundation
import XCTest
import RoCBertCore
import RoCBertStore
@testable import RoCBertHarness

/// A suite per head on small random RoCBert checkpoints (scripts/make_head_suites.py:
/// scripts/fixtures/harness/head-suites/). The script ran each suite once and confirmed every record with
/// the reference: the predictions on the clean and the attacked input, and the status by the goal's
/// definition. expected.json holds what it confirmed; a fresh run must record exactly that.
extension EndToEndTests {
    static let headSuites = ["sequence-classification", "pair-classification", "token-classification",
                             "question-answering", "multiple-choice", "masked-lm"]

    func testEverySuitePerHeadRecordsWhatTheReferenceConfirmed() throws {
        let dir = try workspace().appendingPathComponent("head-suites")
        let data = try Data(contentsOf: dir.appendingPathComponent("expected.json"))
        let expected = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: [String: [String: [String: Any]]]])
        XCTAssertEqual(Set(expected.keys), Set(Self.headSuites))
        for suite in Self.headSuites {
            let file = dir.appendingPathComponent("\(suite).yaml")
            var yaml = try String(contentsOf: file, encoding: .utf8)
            // split reads the repository's tables, which the fixture folder does not copy.
            if yaml.contains("\n# tables:") { yaml += "tables: \(Self.root.appendingPathComponent("attacks/tables").path)\n" }
            try Data(yaml.utf8).write(to: file)
            let r = try rocbert(["run", file.path, "--quiet"])
            XCTAssertEqual(r.status, 0, "\(suite): \(r.stderr)")
            let runs = try records(dir.appendingPathComponent("\(suite).sqlite"))
            let want = try XCTUnwrap(expected[suite], suite)
            XCTAssertEqual(Set(runs.keys), Set(want.keys), suite)
            var statuses: [ExampleStatus: Int] = [:]
            for (run, rows) in runs {
                let byIndex = try XCTUnwrap(want[run], "\(suite): \(run)")
                XCTAssertEqual(rows.count, byIndex.count, "\(suite): \(run)")
                for row in rows {
                    let what = "\(suite): \(run) example \(row.exampleIndex) (\(row.exampleId))"
                    guard let w = byIndex[String(row.exampleIndex)] else {
                        XCTFail("\(what): not in expected.json")
                        continue
                    }
                    statuses[row.status, default: 0] += 1
                    assertRecordMatches(row, w, what)
                }
            }
            // Each suite shows both outcomes, so a goal that always or never succeeds cannot pass.
            XCTAssertEqual(statuses[.error], nil, "\(suite): error rows")
            XCTAssertGreaterThanOrEqual(statuses[.successful] ?? 0, 1, "\(suite): \(statuses)")
            XCTAssertGreaterThanOrEqual((statuses[.failed] ?? 0) + (statuses[.skipped] ?? 0), 1, "\(suite): \(statuses)")
        }
    }

    /// One record against the reference's entry: the attacked text the committed run's search chose, the
    /// status, the label and predictions, the scores and QA F1s within float noise.
    func assertRecordMatches(_ row: ExampleRecord, _ w: [String: Any], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let attacked = w["attacked_text"] as? String
        guard row.attackedText == attacked else {
            // The search ranks candidates by F32 scores; another CPU path (AVX-512 rather than AVX2) rounds
            // differently at ~1e-6, which can only change its choice at a near-tie. The predictions below
            // would then be of another text, so they are not compared.
            XCTFail("\(what): the search chose \(row.attackedText.map { "\"\($0)\"" } ?? "no attacked text") where the committed run chose "
                    + "\(attacked.map { "\"\($0)\"" } ?? "none"): a near-tie between candidates rounding differently here, or a changed search",
                    file: file, line: line)
            return
        }
        XCTAssertEqual(row.status.rawValue, w["status"] as? String, "\(what): status", file: file, line: line)
        assertLabelAndPredictionsMatch(row, w, what, file: file, line: line)
        for (key, got) in [("clean_scores", row.cleanScores), ("attacked_scores", row.attackedScores ?? [])] {
            let scores = w[key] as? [Double] ?? []
            XCTAssertEqual(got.count, scores.count, "\(what): \(key)", file: file, line: line)
            for (g, s) in zip(got, scores) { XCTAssertEqual(g, s, accuracy: 1e-4, "\(what): \(key)", file: file, line: line) }
        }
        for key in ["clean_f1", "attacked_f1"] {
            let f1 = w[key] as? Double
            XCTAssertEqual(row.extraMetrics[key] == nil, f1 == nil, "\(what): \(key)", file: file, line: line)
            if let f1, let got = row.extraMetrics[key] { XCTAssertEqual(got, f1, accuracy: 1e-9, "\(what): \(key)", file: file, line: line) }
        }
    }

    /// The record's label and clean and attacked predictions, in the store's JSON for the head, against the
    /// reference's JSON values.
    func assertLabelAndPredictionsMatch(_ row: ExampleRecord, _ w: [String: Any], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        func value(_ json: String?) -> NSObject? {
            json.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8), options: .fragmentsAllowed) as? NSObject }
        }
        XCTAssertEqual(value(row.label.jsonText), w["label"] as? NSObject, "\(what): label", file: file, line: line)
        XCTAssertEqual(value(row.cleanPrediction.jsonText), w["clean_prediction"] as? NSObject, "\(what): clean prediction", file: file, line: line)
        XCTAssertEqual(value(row.attackedPrediction?.jsonText), w["attacked_prediction"] as? NSObject, "\(what): attacked prediction", file: file, line: line)
    }
}
