import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
import RoCBertStore
@testable import RoCBertReport

final class MarkdownReportTests: XCTestCase {
    private var folder: URL!
    private var markdown = ""
    private var written: [URL] = []

    override func setUpWithError() throws {
        folder = temporaryDirectory()
        let db = try ReportFixtures.makeDatabase(in: folder)
        written = try ReportFile.writeReport(database: db, suite: "demo", output: folder.appendingPathComponent("out/demo.md"))
        markdown = try String(contentsOf: written[0], encoding: .utf8)
    }

    private func row(_ heading: String, _ key: String, _ value: String) throws -> [String: String] {
        let rows = try XCTUnwrap(MarkdownTableParser.table(after: heading, in: markdown), "no table after \(heading)")
        return try XCTUnwrap(rows.first { $0[key] == value }, "no row \(key) = \(value) after \(heading)")
    }

    func testTheComparisonTableHoldsTheHandComputedNumbers() throws {
        let heading = "### shape @100 queries"
        let base = try row(heading, "checkpoint", "base")
        // 4 successful, 3 failed, 2 skipped, 1 error: N = 9.
        XCTAssertEqual(base["N"], "9")
        XCTAssertEqual(base["original accuracy"], "77.78%")          // 7/9
        XCTAssertEqual(base["accuracy under attack"], "33.33%")      // 3/9
        XCTAssertEqual(base["attack success rate"], "57.14%")        // 4/7
        XCTAssertEqual(base["avg perturbed %"], "13.75%")            // mean of 10, 20, 5, 20
        XCTAssertEqual(base["avg queries"], "40.0")
        XCTAssertEqual(base["avg model queries"], "20.0")
        XCTAssertEqual(base["errors"], "1")
        XCTAssertEqual(base["accuracy under attack Δ"], "base")

        let robust = try row(heading, "checkpoint", "robust")
        XCTAssertEqual(robust["N"], "10")
        XCTAssertEqual(robust["original accuracy"], "80.00%")
        XCTAssertEqual(robust["original accuracy Δ"], "+2.22 pp")    // 80 − 77.78
        XCTAssertEqual(robust["accuracy under attack"], "70.00%")
        XCTAssertEqual(robust["accuracy under attack Δ"], "+36.67 pp")
        XCTAssertEqual(robust["attack success rate"], "12.50%")
        XCTAssertEqual(robust["attack success rate Δ"], "-44.64 pp") // 12.5 − 57.14
        XCTAssertEqual(robust["avg perturbed %"], "11.11%")          // 1/9
        XCTAssertEqual(robust["avg queries"], "10.0")
        XCTAssertEqual(robust["avg queries Δ"], "-30.0")

        let overview = try row("## Side-by-side comparison", "checkpoint", "robust")
        // McNemar on the shared examples: see testPairedTestsCountTheSharedExamplesByHand.
        XCTAssertEqual(overview["shape @500 queries"], "60.00% (+48.89 pp, p = 0.062)") // 6/10 vs 1/9
        XCTAssertEqual(overview["mixed"], "")
    }

    /// @500: base fell on 0–5 (successful), survived 6, fell on 7–8 (skipped), errored on 9; robust fell
    /// on 0–1, survived 2–7, fell on 8–9. Shared: 0–8 (9 is base's error), b = 0, c = 5 (2, 3, 4, 5, 7),
    /// Δ = 5/9 = 55.56 pp, McNemar p = 2 · 0.5⁵ = 0.0625: not significant at 95 %, significant at 90 %.
    func testPairedTestsCountTheSharedExamplesByHand() throws {
        let db = try ReportFixtures.makeDatabase(in: temporaryDirectory())
        let store = try ResultStore(path: db, create: false)
        var report = MarkdownReport(data: try ReportData.load(store: store))
        let markdown = report.markdown()
        XCTAssertTrue(markdown.contains("| robust | 9 | 1 | 0 | 5 | +55.56 pp |"), markdown)
        XCTAssertTrue(markdown.contains("| p = 0.062 | not significant |"), markdown)
        // @100: base fell on 0–3 and 7–8, survived 4–6; robust fell on 0 and 8–9, survived 1–7: b = 0, c = 4 (1, 2, 3, 7).
        XCTAssertTrue(markdown.contains("| robust | 9 | 1 | 0 | 4 | +44.44 pp |"), markdown)
        report.level = 0.90
        let lenient = report.markdown()
        XCTAssertTrue(lenient.contains("| p = 0.062 | significant |"), lenient)
        XCTAssertTrue(lenient.contains("90% interval of Δ") && lenient.contains("at 90% confidence"), lenient)
    }

    func testEveryRateAndMeanHasAnIntervalThatHoldsIt() throws {
        let db = try ReportFixtures.makeDatabase(in: temporaryDirectory())
        let data = try ReportData.load(store: try ResultStore(path: db, create: false))
        for run in data.runs {
            let m = run.metrics
            let ci = RunIntervals(m, level: 0.95, seed: 1, runId: run.info.id)
            for (value, interval) in [(m.originalAccuracy, ci.originalAccuracy), (m.accuracyUnderAttack, ci.accuracyUnderAttack),
                                      (m.attackSuccessRate, ci.attackSuccessRate), (m.averagePerturbedPercent, ci.averagePerturbedPercent),
                                      (m.averageQueries, ci.averageQueries), (m.averageModelQueries, ci.averageModelQueries)] {
                XCTAssertEqual(value == nil, interval == nil, "\(run.title)")
                if let value, let interval { XCTAssertTrue(interval.contains(value), "\(run.title): \(value) outside \(interval)") }
            }
            XCTAssertEqual(RunIntervals(m, level: 0.95, seed: 1, runId: run.info.id), ci, "the same seed, the same intervals")
        }
        // Run 5 is all skipped: its accuracy under attack is 0 of 3 with a Wilson interval, its rates of attacked examples undefined.
        let skipped = try XCTUnwrap(data.runs.first { $0.info.id == 5 })
        let ci = RunIntervals(skipped.metrics, level: 0.95, seed: 1, runId: 5)
        XCTAssertEqual(ci.accuracyUnderAttack?.lower, 0)
        XCTAssertNil(ci.attackSuccessRate)
        XCTAssertNil(ci.averageQueries)
    }

    func testZeroDenominatorsPrintADash() throws {
        let mixed = try row("### mixed", "checkpoint", "base")
        XCTAssertEqual(mixed["N"], "3")
        XCTAssertEqual(mixed["original accuracy"], "0.00%")
        XCTAssertEqual(mixed["attack success rate"], "–")
        XCTAssertEqual(mixed["avg perturbed %"], "–")
        XCTAssertEqual(mixed["avg queries"], "–")
    }

    func testPerRunTablesBudgetSweepAndTransformations() throws {
        let run1 = try XCTUnwrap(MarkdownTableParser.table(after: "### base × shape @100 queries (run 1)", in: markdown))
        let metrics = Dictionary(uniqueKeysWithValues: run1.map { ($0["metric"]!, $0["value"]!) })
        XCTAssertEqual(metrics["successful"], "4")
        XCTAssertEqual(metrics["failed"], "3")
        XCTAssertEqual(metrics["skipped"], "2")
        XCTAssertEqual(metrics["errors"], "1")
        XCTAssertEqual(metrics["accuracy under attack"], "33.33%")

        let budget = try row("## Accuracy under attack against query budget", "checkpoint × attack", "base × shape")
        XCTAssertEqual(budget["100 queries"], "33.33% [12.06–64.58%]")    // 3/9 and its 95% Wilson interval
        XCTAssertEqual(budget["500 queries"], "11.11% [1.99–43.50%]")      // 1/9
        let robustBudget = try row("## Accuracy under attack against query budget", "checkpoint × attack", "robust × shape")
        XCTAssertEqual(robustBudget["500 queries"], "60.00% [31.27–83.18%]")

        let shape = try row("## Breakdown by transformation", "transformation", "shape")
        XCTAssertEqual(shape["perturbations in successful attacks"], "13")   // 4 + 1 + 6 + 2
        XCTAssertEqual(shape["runs configured with it"], "5")
        XCTAssertEqual(shape["successful"], "13")
        XCTAssertEqual(shape["failed"], "17")                                // 3 + 7 + 1 + 6
        XCTAssertEqual(shape["attack success rate"], "43.33%")
        let pronunciation = try row("## Breakdown by transformation", "transformation", "pronunciation")
        XCTAssertEqual(pronunciation["perturbations in successful attacks"], "0")
        XCTAssertEqual(pronunciation["attack success rate"], "–")
    }

    func testFormulasSamplesAndChartLinks() throws {
        for formula in ["(N − skipped) / N", "failed / N", "successful / (successful + failed)", "100 · perturbed characters / text length"] {
            XCTAssertTrue(markdown.contains(formula), formula)
        }
        XCTAssertTrue(markdown.contains("- attacked: 这部电影我还~~未~~**末**看过"))
        XCTAssertTrue(markdown.contains("(shape): one stroke apart"))
        XCTAssertTrue(markdown.contains("](demo-accuracy.svg)"))
        XCTAssertTrue(markdown.contains("](demo-budget.svg)"))
        XCTAssertEqual(written.map(\.lastPathComponent), ["demo.md", "demo-accuracy.svg", "demo-budget.svg"])
    }

    func testTheChartsAreWellFormedXML() throws {
        for svg in written.dropFirst() {
            let parser = XMLParser(contentsOf: svg)!
            XCTAssertTrue(parser.parse(), "\(svg.lastPathComponent): \(String(describing: parser.parserError))")
            let text = try String(contentsOf: svg, encoding: .utf8)
            XCTAssertTrue(text.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        }
        let bars = try String(contentsOf: written[1], encoding: .utf8)
        // 4 bars with a value (base and robust at two budgets, base under mixed) + 2 legend squares + background.
        XCTAssertEqual(bars.components(separatedBy: "<rect").count - 1, 5 + 2 + 1)
    }

    func testTheSameDatabaseRegeneratesByteIdentically() throws {
        let again = try ReportFile.writeReport(database: folder.appendingPathComponent("results.sqlite").path, suite: "demo",
                                               output: folder.appendingPathComponent("again/demo.md"))
        for (a, b) in zip(written, again) {
            XCTAssertEqual(try Data(contentsOf: a), try Data(contentsOf: b), a.lastPathComponent)
        }
    }

    func testCompareUsesTheFirstSelectorAsBaseline() throws {
        let db = folder.appendingPathComponent("results.sqlite").path
        let text = try ReportFile.comparison(database: db, selectors: ["robust", "1"])
        let rows = try XCTUnwrap(MarkdownTableParser.table(after: "### shape @100 queries", in: text))
        XCTAssertEqual(rows.map { $0["checkpoint"]! }, ["robust", "base"])
        XCTAssertEqual(rows[1]["accuracy under attack Δ"], "-36.67 pp")
        XCTAssertThrowsError(try ReportFile.comparison(database: db, selectors: ["nobody"])) {
            XCTAssertTrue("\($0)".contains("nobody"))
        }
    }
}
