import Foundation
import RoCBertStore
import XCTest
@testable import RoCBertReport

/// The report's validity section: shown when some run recorded validity facts, absent (and the
/// report unchanged) otherwise.
final class ValiditySectionTests: XCTestCase {
    /// base × homophone with validity facts, robust × homophone recorded without them.
    private func databaseWithValidityFacts() throws -> String {
        let path = temporaryDirectory().appendingPathComponent("results.sqlite").path
        let store = try ResultStore(path: path)
        var withFacts = ReportFixtures.record(0, .successful, perturbed: 1, length: 4)   // 25 % of a 20 % budget
        withFacts.perturbations = [
            Perturbation(position: 0, original: "是", replacement: "事", transformation: "homophone", justification: "shì = shì",
                         humanConfusion: true, substituteRank: 120, toneChanged: false),
            Perturbation(position: 1, original: "好", replacement: "号", transformation: "homophone", justification: "hǎo ~ hào",
                         outOfVocabulary: true, humanConfusion: false, substituteRank: 3600, toneChanged: true),
        ]
        let runs: [(String, [ExampleRecord])] = [
            ("base", [withFacts, ReportFixtures.record(1, .failed)]),
            ("robust", [ReportFixtures.record(0, .successful), ReportFixtures.record(1, .failed)]),
        ]
        for (checkpoint, records) in runs {
            let (id, _, _) = try store.openRun(ReportFixtures.key(checkpoint, attack: "homophone", budget: 100, transformations: ["homophone"]),
                                               plannedExamples: records.count)
            for r in records { try store.record(r, runId: id) }
            try store.finishRun(id)
        }
        return path
    }

    private func report(_ database: String) throws -> String {
        MarkdownReport(data: try ReportData.load(store: ResultStore(path: database, create: false), suite: "demo")).markdown()
    }

    func testTheSectionSitsBetweenTheBreakdownAndTheSamplesWithOneRowPerRun() throws {
        let markdown = try report(try databaseWithValidityFacts())
        let headings = markdown.components(separatedBy: "\n").filter { $0.hasPrefix("## ") }
        XCTAssertEqual(headings.suffix(4), ["## Breakdown by transformation", "## Validity of the attacks", "## Where the checkpoints disagree",
                                             "## Sample of successful attacks"])
        let rows = try XCTUnwrap(MarkdownTableParser.table(after: "## Validity of the attacks", in: markdown))
        XCTAssertEqual(rows.map { $0["run"] }, ["base × homophone", "robust × homophone"])
        XCTAssertEqual(rows[0], [
            "run": "base × homophone", "substitutions": "2", "in human confusion data": "50.00%", "median substitute rank": "1860",
            "outside the 3,500 commonest": "50.00%", "tone changed": "50.00%", "[UNK]": "50.00%", "edits per success": "2.00",
            "over the edit budget": "1",
        ])
        XCTAssertEqual(rows[1], [
            "run": "robust × homophone", "substitutions": "1", "in human confusion data": "–", "median substitute rank": "–",
            "outside the 3,500 commonest": "–", "tone changed": "–", "[UNK]": "0.00%", "edits per success": "1.00",
            "over the edit budget": "0",
        ])
        XCTAssertTrue(markdown.contains("a substitution is valid when a reader still reads the original"))
        for formula in ["**In human confusion data** =", "**Median substitute rank** =", "**Outside the 3,500 commonest** =",
                        "**Tone changed** =", "**[UNK]** =", "**Edits per success** =", "**Over the edit budget** ="] {
            XCTAssertTrue(markdown.contains(formula), formula)
        }
        // The formulas follow the static text and come before the runs.
        let howToRead = try XCTUnwrap(markdown.range(of: MarkdownReport.howToRead + MarkdownReport.howToReadStatistics(level: 0.95) + MarkdownReport.howToReadValidity + "## Runs"))
        XCTAssertLessThan(howToRead.lowerBound, try XCTUnwrap(markdown.range(of: "## Validity of the attacks")).lowerBound)
    }

    func testRecordsWithoutValidityFactsGiveNoSectionAndNoFormulas() throws {
        let markdown = try report(try ReportFixtures.makeDatabase(in: temporaryDirectory()))
        XCTAssertFalse(markdown.contains("Validity of the attacks"))
        XCTAssertFalse(markdown.contains(MarkdownReport.howToReadValidity))
        XCTAssertTrue(markdown.contains(MarkdownReport.howToRead + MarkdownReport.howToReadStatistics(level: 0.95) + "## Runs"))
    }

    func testTheComparisonLeavesTheSectionOut() throws {
        let text = try ReportFile.comparison(database: try databaseWithValidityFacts(), selectors: ["base", "robust"])
        XCTAssertFalse(text.contains("Validity of the attacks"))
        XCTAssertFalse(text.contains(MarkdownReport.howToReadValidity))
    }
}
