import XCTest
@testable import RoCBertReport

/// A candidate checkpoint against the baseline under one attack: Δ in the share surviving, its
/// paired interval, McNemar's p and the bookkeeping of shared and left-out examples.
final class PairedComparisonTests: XCTestCase {
    /// Outcomes for ids 0..<n: the first `survived` ids survive, the rest fall.
    private func outcomes(_ ids: Range<Int>, survivedBelow cut: Int) -> [Int: Bool] {
        Dictionary(uniqueKeysWithValues: ids.map { ($0, $0 < cut) })
    }

    func testIdenticalCheckpointsHaveNoDifference() {
        let run = outcomes(0..<200, survivedBelow: 61)
        let v = PairedComparison(baseline: run, candidate: run, seed: 1)
        XCTAssertEqual(v.delta, 0)
        XCTAssertEqual(v.pValue, 1)
        XCTAssertEqual(v.interval, ConfidenceInterval(lower: 0, upper: 0, level: 0.95))
        XCTAssertEqual([v.shared, v.leftOut, v.baselineOnlySurvived, v.candidateOnlySurvived], [200, 0, 0, 0])
        XCTAssertFalse(v.significant)
    }

    func testAllSkippedMeansAllFellOnBothSides() {
        let fell = outcomes(0..<30, survivedBelow: 0)
        let v = PairedComparison(baseline: fell, candidate: fell, seed: 1)
        XCTAssertEqual(v.delta, 0)
        XCTAssertEqual(v.pValue, 1)
        XCTAssertEqual(v.interval?.width, 0)
    }

    func testNoSharedExamplesLeavesDeltaUndefined() {
        let v = PairedComparison(baseline: [Int: Bool](), candidate: [Int: Bool](), seed: 1)
        XCTAssertNil(v.delta)
        XCTAssertNil(v.interval)
        XCTAssertEqual(v.pValue, 1)
        XCTAssertEqual([v.shared, v.leftOut], [0, 0])
        XCTAssertFalse(v.significant)

        let apart = PairedComparison(baseline: outcomes(0..<5, survivedBelow: 5), candidate: outcomes(5..<8, survivedBelow: 0), seed: 1)
        XCTAssertNil(apart.delta)
        XCTAssertEqual([apart.shared, apart.leftOut], [0, 8])
    }

    func testExamplesOfOneCheckpointOnlyAreLeftOut() {
        // Shared ids 5..<10: the baseline survives 5..<8, the candidate 5..<7 (and 0..<5, not shared).
        let v = PairedComparison(baseline: outcomes(0..<10, survivedBelow: 8), candidate: outcomes(5..<15, survivedBelow: 7), seed: 1)
        XCTAssertEqual([v.shared, v.leftOut, v.baselineOnlySurvived, v.candidateOnlySurvived], [5, 10, 1, 0])
        XCTAssertEqual(v.delta!, -0.2, accuracy: 1e-15)
    }

    func testDiscordantCountsGiveMcNemarAndTheInterval() {
        // 100 shared: 3 only the baseline survives, 17 only the candidate, 40 both, 40 neither.
        var baseline: [Int: Bool] = [:], candidate: [Int: Bool] = [:]
        for i in 0..<100 {
            baseline[i] = i < 3 || (20..<60).contains(i)
            candidate[i] = (3..<20).contains(i) || (20..<60).contains(i)
        }
        let v = PairedComparison(baseline: baseline, candidate: candidate, seed: 5)
        XCTAssertEqual([v.baselineOnlySurvived, v.candidateOnlySurvived], [3, 17])
        XCTAssertEqual(v.delta!, 0.14, accuracy: 1e-15)
        XCTAssertEqual(v.pValue, 0.0025768280029296875, accuracy: 1e-12, "statsmodels mcnemar([[40, 3], [17, 40]], exact=True)")
        XCTAssertTrue(v.significant)
        XCTAssertTrue(v.interval!.contains(0.14) && v.interval!.lower > 0, "\(v.interval!)")
        XCTAssertTrue(PairedComparison(baseline: baseline, candidate: candidate, level: 0.99, seed: 5).significant)
    }

    func testACheckpointNoAttackBreaks() {
        // The candidate survives every example; the baseline 60 of 100.
        let v = PairedComparison(baseline: outcomes(0..<100, survivedBelow: 60), candidate: outcomes(0..<100, survivedBelow: 100), seed: 2)
        XCTAssertEqual(v.delta!, 0.4, accuracy: 1e-15)
        XCTAssertEqual(v.pValue, 1.8189894035458565e-12, accuracy: 1e-21, "2 · 2⁻⁴⁰")
        XCTAssertTrue(v.significant)
        XCTAssertEqual(WilsonInterval.interval(successes: 0, trials: 100)!.lower, 0, "its attack success rate starts at 0")
    }

    func testNotSignificantWhenPIsAboveOneMinusLevel() {
        // b = 40, c = 60: p ≈ 0.0569, above 0.05 and below 0.10.
        let baseline = outcomes(0..<100, survivedBelow: 40)
        let candidate = baseline.mapValues { !$0 }
        let v = PairedComparison(baseline: baseline, candidate: candidate, seed: 3)
        XCTAssertEqual([v.baselineOnlySurvived, v.candidateOnlySurvived], [40, 60])
        XCTAssertFalse(v.significant)
        XCTAssertTrue(PairedComparison(baseline: baseline, candidate: candidate, level: 0.9, seed: 3).significant)
    }

    func testTheIntervalDoesNotDependOnDictionaryOrder() {
        let ids = (0..<150).map { "ex-\($0)" }
        var a1: [String: Bool] = [:], b1: [String: Bool] = [:], a2: [String: Bool] = [:], b2: [String: Bool] = [:]
        for (i, id) in ids.enumerated() { a1[id] = i % 3 == 0; b1[id] = i % 4 == 0 }
        for (i, id) in ids.enumerated().reversed() { a2[id] = i % 3 == 0; b2[id] = i % 4 == 0 }
        XCTAssertEqual(PairedComparison(baseline: a1, candidate: b1, seed: 11), PairedComparison(baseline: a2, candidate: b2, seed: 11))
    }
}
