import XCTest
import RoCBertStore
@testable import RoCBertReport

final class RunMetricsTests: XCTestCase {
    func testTextAttackDefinitionsWithErrorsExcludedFromN() throws {
        let r = ReportFixtures.self
        let m = RunMetrics(records: [
            r.record(0, .successful, queries: 10, perturbed: 1, length: 10),
            r.record(1, .successful, queries: 20, perturbed: 2, length: 10),
            r.record(2, .successful, queries: 30, perturbed: 1, length: 20),
            r.record(3, .successful, queries: 40, perturbed: 1, length: 5),
            r.record(4, .failed, queries: 50), r.record(5, .failed, queries: 60), r.record(6, .failed, queries: 70),
            r.record(7, .skipped, queries: 1), r.record(8, .skipped, queries: 1), r.record(9, .error, queries: 999),
        ])
        XCTAssertEqual([m.successful, m.failed, m.skipped, m.errors, m.n], [4, 3, 2, 1, 9])
        XCTAssertEqual(m.originalAccuracy!, 700.0 / 9, accuracy: 1e-9)
        XCTAssertEqual(m.accuracyUnderAttack!, 300.0 / 9, accuracy: 1e-9)
        XCTAssertEqual(m.attackSuccessRate!, 400.0 / 7, accuracy: 1e-9)
        XCTAssertEqual(m.averagePerturbedPercent!, (10 + 20 + 5 + 20) / 4, accuracy: 1e-9)
        XCTAssertEqual(m.averageQueries!, 40, accuracy: 1e-9, "skipped and error examples are not averaged")
        XCTAssertEqual(m.averageModelQueries!, Double(5 + 10 + 15 + 20 + 25 + 30 + 35) / 7, accuracy: 1e-9)
    }

    /// "truncated" is a 0/1 flag: it is counted (with its share of N), not averaged over the rows that carry it.
    func testTruncatedTextsAreCountedNotAveraged() {
        var rows = (0..<4).map { ReportFixtures.record($0, .failed) } + [ReportFixtures.record(4, .error)]
        rows[0].extraMetrics = ["truncated": 1, "clean_f1": 0.5]
        rows[2].extraMetrics = ["truncated": 1, "clean_f1": 1.0]
        rows[4].extraMetrics = ["truncated": 1]
        let m = RunMetrics(records: rows)
        XCTAssertEqual(m.truncatedExamples, 2, "the error row is left out")
        XCTAssertEqual(m.truncatedShare!, 50, accuracy: 1e-9)
        XCTAssertNil(m.extraMetricMeans["truncated"])
        XCTAssertEqual(m.extraMetricMeans["clean_f1"]!, 0.75, accuracy: 1e-9)
    }

    func testZeroDenominatorsAreUndefinedNotZeroOrNaN() {
        let allSkipped = RunMetrics(records: (0..<3).map { ReportFixtures.record($0, .skipped) })
        XCTAssertEqual(allSkipped.n, 3)
        XCTAssertEqual(allSkipped.originalAccuracy, 0)
        XCTAssertEqual(allSkipped.accuracyUnderAttack, 0)
        XCTAssertNil(allSkipped.attackSuccessRate)
        XCTAssertNil(allSkipped.averagePerturbedPercent)
        XCTAssertNil(allSkipped.averageQueries)

        let onlyErrors = RunMetrics(records: [ReportFixtures.record(0, .error)])
        XCTAssertEqual(onlyErrors.n, 0)
        XCTAssertEqual(onlyErrors.errors, 1)
        XCTAssertNil(onlyErrors.originalAccuracy)
        XCTAssertNil(onlyErrors.accuracyUnderAttack)

        let empty = RunMetrics(records: [])
        XCTAssertEqual(empty.n, 0)
        XCTAssertEqual(MetricFormat.percent(empty.originalAccuracy), "–")
        XCTAssertEqual(MetricFormat.number(empty.averageQueries), "–")
    }

    func testAllFailedMeansFullAccuracyUnderAttackAndZeroSuccess() {
        let m = RunMetrics(records: (0..<4).map { ReportFixtures.record($0, .failed, queries: 8) })
        XCTAssertEqual(m.accuracyUnderAttack, 100)
        XCTAssertEqual(m.attackSuccessRate, 0)
        XCTAssertNil(m.averagePerturbedPercent)
        XCTAssertEqual(m.averageQueries, 8)
    }

    func testExtraMetricsAreAveragedOverTheRecordsThatHaveThem() {
        var a = ReportFixtures.record(0, .successful)
        a.extraMetrics = ["clean_f1": 1.0, "attacked_f1": 0.25]
        var b = ReportFixtures.record(1, .failed)
        b.extraMetrics = ["clean_f1": 0.5]
        var c = ReportFixtures.record(2, .error)
        c.extraMetrics = ["clean_f1": 0.0]
        let m = RunMetrics(records: [a, b, c])
        XCTAssertEqual(m.extraMetricMeans, ["clean_f1": 0.75, "attacked_f1": 0.25])
    }

    func testDeltasAreSignedAndNeverNegativeZero() {
        XCTAssertEqual(MetricFormat.deltaPoints(70, 33.333), "+36.67 pp")
        XCTAssertEqual(MetricFormat.deltaPoints(10, 12.5), "-2.50 pp")
        XCTAssertEqual(MetricFormat.deltaPoints(1.0000001, 1.0000002), "+0.00 pp")
        XCTAssertEqual(MetricFormat.delta(nil, 3), "–")
    }
}
