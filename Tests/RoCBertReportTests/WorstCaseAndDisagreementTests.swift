import Foundation
import RoCBertCore
import XCTest
import RoCBertStore
@testable import RoCBertReport

/// Worst case over every attack, the disagreement section, and `compare`'s json and csv forms.
final class WorstCaseAndDisagreementTests: XCTestCase {
    /// Two checkpoints × two attacks on five examples (S = successful, F = failed: survived, K = skipped):
    ///
    ///             ex 0  1  2  3  4
    /// base  × a      F  F  S  K  F
    /// base  × b      F  S  F  K  F
    /// other × a      F  F  F  S  S
    /// other × b      S  F  F  S  F
    ///
    /// Worst case: base survives 0 and 4 (2 of 5), other survives 1 and 2 (2 of 5); b = 2 (0, 4), c = 2 (1, 2).
    private func database() throws -> String {
        let path = temporaryDirectory().appendingPathComponent("wc.sqlite").path
        let store = try ResultStore(path: path)
        let r = ReportFixtures.self
        let plan: [(String, String, [ExampleStatus])] = [
            ("base", "a", [.failed, .failed, .successful, .skipped, .failed]),
            ("base", "b", [.failed, .successful, .failed, .skipped, .failed]),
            ("other", "a", [.failed, .failed, .failed, .successful, .successful]),
            ("other", "b", [.successful, .failed, .failed, .successful, .failed]),
        ]
        for (checkpoint, attack, statuses) in plan {
            let (id, _, _) = try store.openRun(r.key(checkpoint, attack: attack, budget: 100), plannedExamples: statuses.count)
            for (i, s) in statuses.enumerated() { try store.record(r.record(i, s), runId: id) }
            try store.finishRun(id)
        }
        return path
    }

    func testWorstCaseCountsOnlyExamplesThatSurviveEveryAttack() throws {
        let data = try ReportData.load(store: try ResultStore(path: try database(), create: false))
        let worst = try XCTUnwrap(WorstCase(data: data))
        XCTAssertEqual(worst.outcomes["base"], [0: true, 1: false, 2: false, 3: false, 4: true])
        XCTAssertEqual(worst.outcomes["other"], [0: false, 1: true, 2: true, 3: false, 4: false])
        XCTAssertEqual(worst.accuracy("base")!, 40, accuracy: 1e-9)
        let markdown = MarkdownReport(data: data).markdown()
        XCTAssertTrue(markdown.contains("| checkpoint | a | b | worst case |"), markdown)
        XCTAssertTrue(markdown.contains("| other | 5 | 0 | 2 | 2 | +0.00 pp |"), "paired worst case: b = c = 2\n\(markdown)")
        XCTAssertTrue(markdown.contains("### worst case over every attack"))
        // One attack, or a checkpoint missing an attack: no worst case.
        let fixture = try ReportData.load(store: try ResultStore(path: try ReportFixtures.makeDatabase(in: temporaryDirectory()), create: false))
        XCTAssertNil(WorstCase(data: fixture), "robust has no mixed run")
    }

    func testDisagreementsAreListedLowestIndexFirstAndCapped() throws {
        let data = try ReportData.load(store: try ResultStore(path: try database(), create: false))
        var report = MarkdownReport(data: data)
        let markdown = report.markdown()
        // Attack a: base survives 0, 1, 4; other survives 0, 1, 2 → disagree on 2 and 4.
        XCTAssertTrue(markdown.contains("### a: base against other"), markdown)
        XCTAssertTrue(markdown.contains("2 examples disagree: 1 survived only by the first, 1 only by the second."), markdown)
        let start = try XCTUnwrap(markdown.range(of: "### a: base against other")).lowerBound
        let section = String(markdown[start...])
        let rows = section.split(separator: "\n").filter { $0.hasPrefix("| 2 |") || $0.hasPrefix("| 4 |") }
        XCTAssertEqual(rows.first.map { String($0.prefix(5)) }, "| 2 |", "lowest index first")
        XCTAssertTrue(section.contains("| survived |") && section.contains("fell:"), section)
        report.maxDisagreements = 1
        let cappedReport = report.markdown()
        let cappedStart = try XCTUnwrap(cappedReport.range(of: "### a: base against other")).lowerBound
        let capped = String(cappedReport[cappedStart...])
        XCTAssertFalse(capped.prefix(600).contains("| 4 |"), "capped at one row")
    }

    func testCompareGivesJSONAndTheDisagreementsAsCSV() throws {
        let db = try database()
        let json = try ReportFile.comparison(database: db, selectors: ["base", "other"], format: .json, disagreements: true)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        XCTAssertEqual(doc["level"] as? Double, 0.95)
        XCTAssertEqual((doc["runs"] as? [[String: Any]])?.count, 4)
        let paired = try XCTUnwrap(doc["paired"] as? [[String: Any]])
        XCTAssertEqual(paired.map { $0["attack"] as? String }, ["a", "b", "worst case"])
        XCTAssertEqual(paired.map { $0["mcnemar_p"] as? Double }, [1, 1, 1], "b = c in every pair")
        let firstRun = try XCTUnwrap((doc["runs"] as? [[String: Any]])?.first)
        XCTAssertNotNil((firstRun["intervals"] as? [String: Any])?["accuracy_under_attack"])
        XCTAssertEqual((doc["disagreements"] as? [Any])?.count, 2 + 2, "a: 2, 4; b: 0, 1")
        let csv = try ReportFile.comparison(database: db, selectors: ["base", "other"], format: .csv, disagreements: true)
        let lines = csv.split(separator: "\r\n")
        XCTAssertEqual(lines.first, "attack,baseline,checkpoint,example_index,example_id,clean_text,baseline_outcome,baseline_attacked_text,checkpoint_outcome,checkpoint_attacked_text")
        XCTAssertEqual(lines.count, 1 + 4)
        XCTAssertTrue(lines[1].hasPrefix("a,base,other,2,ex2,"), String(lines[1]))
        XCTAssertTrue(lines[1].contains(",flipped,") && lines[1].contains(",survived,"), String(lines[1]))
        let plain = try ReportFile.comparison(database: db, selectors: ["base", "other"], format: .json)
        XCTAssertFalse(plain.contains("\"disagreements\""), "only when asked")
    }
}
