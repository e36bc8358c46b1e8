import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import RoCBertStore
import XCTest
@testable import RoCBertReport

/// The budget chart's Wilson intervals: on its points, as translucent bands in its SVG, and in the
/// report's budget table. The fixtures sweep base and robust × shape over 100 and 500 queries.
final class BudgetChartTests: XCTestCase {
    private func fixtureData() throws -> ReportData {
        let path = try ReportFixtures.makeDatabase(in: temporaryDirectory())
        return try ReportData.load(store: try ResultStore(path: path), suite: "demo")
    }

    private func chart(level: Double = 0.95) throws -> BudgetChart {
        try XCTUnwrap(BudgetChart(data: try fixtureData(), level: level))
    }

    /// The `<polygon …/>` elements of an SVG document, one per line.
    private func polygons(_ svg: String) -> [String] {
        svg.components(separatedBy: "\n").filter { $0.hasPrefix("<polygon ") }
    }

    /// The number of x,y pairs in a polygon's `points`.
    private func vertexCount(_ polygon: String) throws -> Int {
        let points = try XCTUnwrap(polygon.components(separatedBy: "points=\"").last?.components(separatedBy: "\"").first)
        return points.split(separator: " ").count
    }

    func testPointsCarryTheWilsonIntervalOfFailedOfNInPercent() throws {
        for level in [0.95, 0.9] {
            let chart = try chart(level: level)
            XCTAssertEqual(chart.level, level)
            XCTAssertEqual(chart.series.map(\.label), ["base × shape", "robust × shape"])
            // (failed, N) per budget: base 3/9 and 1/9, robust 7/10 and 6/10 (errors are not in N).
            let counts = [[(3, 9), (1, 9)], [(7, 10), (6, 10)]]
            for (series, expected) in zip(chart.series, counts) {
                XCTAssertEqual(series.points.map(\.budget), [100, 500])
                for (point, (failed, n)) in zip(series.points, expected) {
                    let wilson = try XCTUnwrap(WilsonInterval.interval(successes: failed, trials: n, level: level))
                    let ci = try XCTUnwrap(point.interval)
                    XCTAssertEqual(ci.lower, 100 * wilson.lower, accuracy: 1e-9)
                    XCTAssertEqual(ci.upper, 100 * wilson.upper, accuracy: 1e-9)
                    XCTAssertEqual(ci.level, level)
                    XCTAssertTrue(ci.contains(try XCTUnwrap(point.accuracyUnderAttack)))
                }
            }
        }
    }

    func testTheDefaultLevelIs95Percent() throws {
        let chart = try XCTUnwrap(BudgetChart(data: try fixtureData()))
        XCTAssertEqual(chart.level, 0.95)
    }

    func testEachSeriesGetsOneTranslucentBandThroughBothBounds() throws {
        let chart = try chart()
        let svg = chart.svg
        let bands = polygons(svg)
        XCTAssertEqual(bands.count, chart.series.count)
        for (i, band) in bands.enumerated() {
            XCTAssertEqual(try vertexCount(band), 4, "two budgets: two upper and two lower bounds")
            XCTAssertTrue(band.contains(#"fill="\#(SVGWriter.color(i))""#), band)
            XCTAssertTrue(band.contains(#"fill-opacity="0.15""#), band)
            XCTAssertTrue(band.contains(#"stroke="none""#), band)
        }
        // The bands lie under the lines: every polygon comes before the first polyline.
        let firstLine = try XCTUnwrap(svg.range(of: "<polyline")).lowerBound
        XCTAssertTrue(try XCTUnwrap(svg.range(of: "<polygon", options: .backwards)).lowerBound < firstLine)
        XCTAssertTrue(svg.contains(">bands: 95% Wilson intervals</text>"))
        XCTAssertTrue(svg.contains("<title>base × shape @100: 33.33% [12.06–64.58%]</title>"))
    }

    func testTheBandRunsUpperBoundsRightwardThenLowerBoundsLeftward() throws {
        let chart = try chart()
        let band = try XCTUnwrap(polygons(chart.svg).first)
        let points = try XCTUnwrap(band.components(separatedBy: "points=\"").last?.components(separatedBy: "\"").first)
        let vertices = points.split(separator: " ").map { $0.split(separator: ",").map { Double($0)! } }
        XCTAssertLessThan(vertices[0][0], vertices[1][0])       // upper bounds, left to right
        XCTAssertGreaterThan(vertices[2][0], vertices[3][0])    // lower bounds, right to left
        XCTAssertEqual(vertices[1][0], vertices[2][0])
        // SVG's y grows downward: an upper bound sits above (smaller y than) the lower bound at the same budget.
        XCTAssertLessThan(vertices[0][1], vertices[3][1])
        XCTAssertLessThan(vertices[1][1], vertices[2][1])
    }

    func testAPointWithoutAnIntervalBreaksTheBand() throws {
        var chart = try chart()
        // base × shape over five budgets; 300 had no examples (N = 0).
        let base = chart.series[0].points
        let empty = BudgetChart.Point(budget: 300, accuracyUnderAttack: nil, interval: nil)
        chart.series[0].points = [base[0], BudgetChart.Point(budget: 200, accuracyUnderAttack: base[0].accuracyUnderAttack, interval: base[0].interval),
                                  empty, base[1], BudgetChart.Point(budget: 1000, accuracyUnderAttack: base[1].accuracyUnderAttack, interval: base[1].interval)]
        chart.series.removeLast()
        chart.budgets = [100, 200, 300, 500, 1000]
        let segments = BudgetChart.bandSegments(chart.series[0].points)
        XCTAssertEqual(segments.map { $0.map(\.budget) }, [[100, 200], [500, 1000]])
        XCTAssertEqual(try polygons(chart.svg).map(vertexCount), [4, 4])

        // A lone interval between gaps still gets a (narrow, four-cornered) band.
        chart.series[0].points[4] = BudgetChart.Point(budget: 1000, accuracyUnderAttack: nil, interval: nil)
        XCTAssertEqual(BudgetChart.bandSegments(chart.series[0].points).map { $0.map(\.budget) }, [[100, 200], [500]])
        XCTAssertEqual(try polygons(chart.svg).map(vertexCount), [4, 4])
    }

    func testARunOfNoExamplesGivesAPointWithoutInterval() throws {
        func run(_ id: Int64, budget: Int, _ records: [ExampleRecord]) -> ReportRun {
            ReportRun(info: RunInfo(id: id, key: ReportFixtures.key("base", attack: "shape", budget: budget), plannedExamples: records.count,
                                    recordedExamples: records.count, finished: true, createdAt: ""), records: records)
        }
        let data = ReportData(runs: [
            run(1, budget: 100, [ReportFixtures.record(0, .failed), ReportFixtures.record(1, .successful)]),
            run(2, budget: 300, [ReportFixtures.record(0, .error)]),
            run(3, budget: 500, [ReportFixtures.record(0, .successful), ReportFixtures.record(1, .successful)]),
        ], databaseName: "x")
        let chart = try XCTUnwrap(BudgetChart(data: data))
        XCTAssertEqual(chart.series[0].points.map { $0.interval == nil }, [false, true, false])
        XCTAssertNil(chart.series[0].points[1].accuracyUnderAttack)
        XCTAssertEqual(try polygons(chart.svg).map(vertexCount), [4, 4], "two lone intervals, no band across the gap")
    }

    func testTheSVGIsByteIdenticalWhenGeneratedTwice() throws {
        let data = try fixtureData()
        let first = try XCTUnwrap(BudgetChart(data: data)).svg
        let second = try XCTUnwrap(BudgetChart(data: data)).svg
        XCTAssertEqual(Data(first.utf8), Data(second.utf8))
        let parser = XMLParser(data: Data(first.utf8))
        XCTAssertTrue(parser.parse(), String(describing: parser.parserError))
    }

    func testTheTableShowsEachCellAsValueAndInterval() throws {
        var report = MarkdownReport(data: try fixtureData())
        report.level = 0.9
        let markdown = report.markdown()
        XCTAssertTrue(markdown.contains("Each cell: accuracy under attack [90% Wilson interval]."))
        let rows = try XCTUnwrap(MarkdownTableParser.table(after: "## Accuracy under attack against query budget", in: markdown))
        let robust = try XCTUnwrap(rows.first { $0["checkpoint × attack"] == "robust × shape" })
        let point = try XCTUnwrap(BudgetChart(data: report.data, level: 0.9)?.series[1].points[0])
        XCTAssertEqual(robust["100 queries"], "\(MetricFormat.percent(point.accuracyUnderAttack)) [\(MetricFormat.interval(point.interval, percent: true))]")
        XCTAssertEqual(robust["100 queries"], "70.00% [44.17–87.31%]")
    }
}
