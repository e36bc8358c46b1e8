import Foundation
import XCTest
@testable import RoCBertReport

/// The closed-form statistics against scipy and statsmodels: scripts/make_stats_fixtures.py writes
/// scripts/fixtures/stats/expected.json, and every figure here is held to it.
final class StatisticsTests: XCTestCase {
    struct Expected: Decodable, Sendable {
        struct Section<Case: Decodable & Sendable>: Decodable, Sendable {
            var call: String
            var cases: [Case]
        }
        struct Level: Decodable, Sendable { var level: Double; var z: Double }
        struct Quantile: Decodable, Sendable { var p: Double; var z: Double }
        struct Wilson: Decodable, Sendable { var k: Int; var n: Int; var level: Double; var lower: Double; var upper: Double }
        struct McNemar: Decodable, Sendable { var b: Int; var c: Int; var p: Double }

        var versions: [String: String]
        var z_at_level: Section<Level>
        var normal_quantile: Section<Quantile>
        var wilson: Section<Wilson>
        var mcnemar_exact: Section<McNemar>
    }

    static let expected: Expected = {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/fixtures/stats/expected.json")
        return try! JSONDecoder().decode(Expected.self, from: Data(contentsOf: url))
    }()

    func testCriticalValuesMatchScipyNormIsf() {
        let section = Self.expected.z_at_level
        XCTAssertEqual(section.cases.map(\.level), [0.8, 0.9, 0.95, 0.99])
        for c in section.cases {
            XCTAssertEqual(NormalQuantile.twoSidedCriticalValue(level: c.level), c.z, accuracy: 1e-12, "level \(c.level)")
        }
    }

    func testQuantileMatchesScipyNormPpfInCentreTailAndFarTail() {
        for c in Self.expected.normal_quantile.cases {
            XCTAssertEqual(NormalQuantile.quantile(c.p), c.z, accuracy: 1e-12, "p \(c.p)")
        }
        XCTAssertEqual(NormalQuantile.quantile(0.5), 0)
        XCTAssertEqual(NormalQuantile.quantile(0), -.infinity)
        XCTAssertEqual(NormalQuantile.quantile(1), .infinity)
    }

    func testWilsonMatchesStatsmodelsProportionConfint() {
        let cases = Self.expected.wilson.cases
        XCTAssertGreaterThan(cases.count, 20)
        for c in cases {
            let interval = WilsonInterval.interval(successes: c.k, trials: c.n, level: c.level)!
            XCTAssertEqual(interval.lower, c.lower, accuracy: 1e-9, "\(c.k)/\(c.n) at \(c.level)")
            XCTAssertEqual(interval.upper, c.upper, accuracy: 1e-9, "\(c.k)/\(c.n) at \(c.level)")
            XCTAssertEqual(interval.level, c.level)
        }
    }

    func testWilsonAtTheEdges() {
        XCTAssertNil(WilsonInterval.interval(successes: 0, trials: 0), "N = 0 has no proportion")
        for n in [1, 10, 200, 5000] {
            let none = WilsonInterval.interval(successes: 0, trials: n)!
            let all = WilsonInterval.interval(successes: n, trials: n)!
            XCTAssertEqual(none.lower, 0, accuracy: 1e-15)
            XCTAssertGreaterThan(none.upper, 0, "no success in \(n) still leaves room above 0")
            XCTAssertEqual(all.upper, 1, accuracy: 1e-15)
            XCTAssertEqual(all.lower, 1 - none.upper, accuracy: 1e-12, "k and n − k mirror each other")
            XCTAssertTrue((0...1).contains(none.lower) && (0...1).contains(all.upper))
        }
        let wide = WilsonInterval.interval(successes: 60, trials: 200, level: 0.99)!
        let narrow = WilsonInterval.interval(successes: 60, trials: 200, level: 0.8)!
        XCTAssertTrue(wide.lower < narrow.lower && narrow.upper < wide.upper)
    }

    func testMcNemarMatchesStatsmodelsToOnePartInABillion() {
        let cases = Self.expected.mcnemar_exact.cases
        XCTAssertTrue(cases.contains { $0.b == 500 && $0.c == 530 })
        for c in cases {
            let p = McNemarExact.pValue(b: c.b, c: c.c)
            XCTAssertEqual(p, c.p, accuracy: 1e-9, "b \(c.b), c \(c.c)")
            XCTAssertEqual(p, c.p, accuracy: 1e-9 * c.p, "b \(c.b), c \(c.c): relative")
        }
    }

    func testMcNemarWithoutDiscordantPairsIsOne() {
        XCTAssertEqual(McNemarExact.pValue(b: 0, c: 0), 1)
        XCTAssertEqual(McNemarExact.pValue(b: 7, c: 7), 1)
        XCTAssertEqual(McNemarExact.pValue(b: 3, c: 9), McNemarExact.pValue(b: 9, c: 3))
    }

    func testBinomialCdfAgainstExactSumsForSmallN() {
        // C(10, i) / 1024 summed exactly: 1, 11, 56, 176, 386, 638, 848, 968, 1013, 1023, 1024.
        let cumulative: [Double] = [1, 11, 56, 176, 386, 638, 848, 968, 1013, 1023, 1024]
        for (k, count) in cumulative.enumerated() {
            XCTAssertEqual(BinomialDistribution.cdfAtHalf(k, trials: 10), count / 1024, accuracy: 1e-16, "k \(k)")
        }
        XCTAssertEqual(BinomialDistribution.cdfAtHalf(-1, trials: 10), 0)
        XCTAssertEqual(BinomialDistribution.cdfAtHalf(0, trials: 0), 1)
        // Symmetry: P(X ≤ 2499) = P(X ≥ 2501) = 1 − P(X ≤ 2500) for X ~ Binomial(5000, ½).
        XCTAssertEqual(BinomialDistribution.cdfAtHalf(2499, trials: 5000), 1 - BinomialDistribution.cdfAtHalf(2500, trials: 5000),
                       accuracy: 1e-14)
    }

    func testBinomialCdfAgainstExactRationalSumsForThousandsOfTrials() {
        // float(Fraction(sum(math.comb(n, i) for i in range(k + 1)), 2**n)) in Python: the exact sum, rounded once.
        let exact: [(k: Int, n: Int, p: Double)] = [
            (413, 2000, 5.898814600534476e-162), (2429, 5000, 0.023068375415598242), (2499, 5000, 0.4943583862522601),
            (4420, 10000, 1.990806189407265e-31),
        ]
        for c in exact {
            XCTAssertEqual(BinomialDistribution.cdfAtHalf(c.k, trials: c.n), c.p, accuracy: 1e-13 * c.p, "k \(c.k), n \(c.n)")
        }
    }
}
