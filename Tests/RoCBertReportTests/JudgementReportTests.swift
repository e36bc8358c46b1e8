import Foundation
import RoCBertStore
import XCTest
@testable import RoCBertReport

/// People's judgements in the report: a *judged natural* column in the validity section, shown even
/// when no validity facts were recorded, and nothing at all when nobody judged.
final class JudgementReportTests: XCTestCase {
    /// The fixture database (no validity facts) with six judgements: run 1 by two reviewers, run 3 by one.
    private func judgedDatabase() throws -> String {
        let path = try ReportFixtures.makeDatabase(in: temporaryDirectory())
        let attacked = "这部电影我还末看过"
        func mark(_ run: Int64, _ index: Int, _ mark: String, _ who: String) -> Judgement {
            Judgement(runId: run, exampleIndex: index, attackedText: attacked, mark: mark, reviewer: who)
        }
        try ResultStore(path: path).recordJudgements([
            mark(1, 0, "natural", "zhang"), mark(1, 1, "natural", "zhang"), mark(1, 2, "unnatural", "zhang"), mark(1, 3, "natural", "zhang"),
            mark(1, 0, "unnatural", "li"), mark(3, 0, "natural", "li"),
        ])
        return path
    }

    private func report(_ database: String) throws -> String {
        MarkdownReport(data: try ReportData.load(store: ResultStore(path: database, create: false), suite: "demo")).markdown()
    }

    func testJudgedRunsGetTheColumnAndTheSentence() throws {
        let markdown = try report(try judgedDatabase())
        let rows = try XCTUnwrap(MarkdownTableParser.table(after: "## Validity of the attacks", in: markdown))
        XCTAssertEqual(rows.map { $0["run"] ?? "" }, ["base × shape @100 queries", "robust × shape @100 queries", "base × shape @500 queries",
                                                      "robust × shape @500 queries", "base × mixed"])
        XCTAssertEqual(rows.map { $0["judged natural"] ?? "" }, ["3 / 5 (60.0%)", "–", "1 / 1 (100.0%)", "–", "–"])
        XCTAssertTrue(markdown.contains("6 judgements of 5 attacked texts by 2 reviewers (`rocbert review`)"), markdown)
        XCTAssertTrue(markdown.contains(MarkdownReport.howToRead + MarkdownReport.howToReadStatistics(level: 0.95) + MarkdownReport.howToReadValidityJudged + "## Runs"))
        XCTAssertTrue(MarkdownReport.howToReadValidityJudged.hasPrefix(String(MarkdownReport.howToReadValidity.dropLast(2)) + "\n- **Judged natural** = "))
        XCTAssertTrue(MarkdownReport.howToReadValidityJudged.hasSuffix(")\n\n"))
        let headings = markdown.components(separatedBy: "\n").filter { $0.hasPrefix("## ") }
        XCTAssertEqual(headings.suffix(4), ["## Breakdown by transformation", "## Validity of the attacks", "## Where the checkpoints disagree",
                                             "## Sample of successful attacks"])
    }

    func testOneJudgementIsSingular() throws {
        let path = try ReportFixtures.makeDatabase(in: temporaryDirectory())
        try ResultStore(path: path).recordJudgements([
            Judgement(runId: 2, exampleIndex: 0, attackedText: "这部电影我还末看过", mark: "unnatural", reviewer: "zhang"),
        ])
        let markdown = try report(path)
        XCTAssertTrue(markdown.contains("1 judgement of 1 attacked text by 1 reviewer (`rocbert review`)"), markdown)
        let rows = try XCTUnwrap(MarkdownTableParser.table(after: "## Validity of the attacks", in: markdown))
        XCTAssertEqual(rows[1]["judged natural"], "0 / 1 (0.0%)")
    }

    /// Byte for byte the same report is checked on the committed demo (`CommittedDemoReportTests`).
    func testWithoutJudgementsOrFactsThereIsNoValiditySection() throws {
        let markdown = try report(try ReportFixtures.makeDatabase(in: temporaryDirectory()))
        XCTAssertFalse(markdown.contains("Validity of the attacks"))
        XCTAssertFalse(markdown.contains("udged natural"))
        XCTAssertTrue(markdown.contains(MarkdownReport.howToRead + MarkdownReport.howToReadStatistics(level: 0.95) + "## Runs"))
    }

    func testTheComparisonLeavesJudgementsOut() throws {
        let text = try ReportFile.comparison(database: try judgedDatabase(), selectors: ["base", "robust"])
        XCTAssertFalse(text.contains("Validity of the attacks"))
        XCTAssertFalse(text.contains("udged natural"))
    }

    func testJudgementMetricsFormat() {
        let j = { (mark: String) in Judgement(runId: 1, exampleIndex: 0, attackedText: "", mark: mark, reviewer: "x") }
        let m = JudgementMetrics(judgements: Array(repeating: j("natural"), count: 15) + Array(repeating: j("unnatural"), count: 5))
        XCTAssertEqual(m.formatted, "15 / 20 (75.0%)")
        XCTAssertEqual(m.naturalShare, 75)
        XCTAssertEqual(JudgementMetrics(judgements: []).formatted, "–")
    }
}
