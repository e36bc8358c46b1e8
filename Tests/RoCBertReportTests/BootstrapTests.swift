import RoCBertCore
import XCTest
@testable import RoCBertReport

/// The seeded bootstrap has no scipy reference (another generator), so these tests hold it to what
/// it promises: the same bits for a seed, a different interval for another seed, an interval around
/// the sample mean that narrows as examples are added, and numpy's linear percentile.
final class BootstrapTests: XCTestCase {
    /// n perturbed-percent-like figures in [0, 100), drawn from a fixed seed.
    private func sample(_ n: Int, seed: UInt64 = 7) -> [Double] {
        var generator = SplitMix64(seed: seed)
        return (0..<n).map { _ in Double(generator.below(1000)) / 10 }
    }

    private func bits(_ interval: ConfidenceInterval?) -> [UInt64] {
        [interval!.lower.bitPattern, interval!.upper.bitPattern]
    }

    func testSameSeedGivesTheSameBitsAndAnotherSeedAnotherInterval() {
        let values = sample(200)
        let first = Bootstrap.meanInterval(values, seed: 42)
        XCTAssertEqual(bits(first), bits(Bootstrap.meanInterval(values, seed: 42)))
        XCTAssertNotEqual(bits(first), bits(Bootstrap.meanInterval(values, seed: 43)))
        XCTAssertEqual(first!.level, 0.95)
    }

    func testPinnedIntervalForAFixedSeedStaysTheSameOnEveryMachine() {
        // Recorded from this implementation; SplitMix64 draws and the summation order are fixed, so
        // any change here means the drawing or the percentile changed, not the machine.
        let interval = Bootstrap.meanInterval(sample(200), seed: 42)!
        XCTAssertEqual(bits(interval), [4_632_152_885_539_107_974, 4_633_291_015_533_688_683], "\(interval)")
    }

    func testIntervalHoldsTheSampleMeanAndNarrowsWithMoreExamples() {
        var widths: [Double] = []
        for n in [20, 200, 2000] {
            let values = sample(n)
            let mean = values.reduce(0, +) / Double(n)
            let interval = Bootstrap.meanInterval(values, seed: 1)!
            XCTAssertTrue(interval.contains(mean), "n \(n): \(interval) around \(mean)")
            widths.append(interval.width)
        }
        XCTAssertGreaterThan(widths[0], widths[1])
        XCTAssertGreaterThan(widths[1], widths[2])
        // The standard error shrinks as 1/√n: ten times the examples, about √10 ≈ 3.2 times narrower.
        XCTAssertEqual(widths[1] / widths[2], 10.0.squareRoot(), accuracy: 0.6)
        let wider = Bootstrap.meanInterval(sample(200), level: 0.99, seed: 1)!
        XCTAssertGreaterThan(wider.width, widths[1])
    }

    func testDegenerateSamples() {
        XCTAssertNil(Bootstrap.meanInterval([], seed: 1), "N = 0 has no mean")
        XCTAssertEqual(Bootstrap.meanInterval([12.5], seed: 1), ConfidenceInterval(lower: 12.5, upper: 12.5, level: 0.95))
        XCTAssertEqual(Bootstrap.meanInterval(Array(repeating: 0, count: 50), seed: 1),
                       ConfidenceInterval(lower: 0, upper: 0, level: 0.95), "all-zero outcomes")
        let one = Bootstrap.meanInterval(sample(30), replicates: 1, seed: 1)!
        XCTAssertEqual(one.lower, one.upper, "one replicate is its own every percentile")
        XCTAssertNil(Bootstrap.pairedDifferenceInterval(baseline: [], candidate: [], seed: 1))
    }

    func testPercentileInterpolatesLinearlyAsNumpyDefault() {
        // numpy.percentile([1, 2, 3, 4], [0, 25, 50, 97.5, 100]) = [1, 1.75, 2.5, 3.925, 4].
        let sorted: [Double] = [1, 2, 3, 4]
        for (q, expected) in [(0.0, 1.0), (0.25, 1.75), (0.5, 2.5), (0.975, 3.925), (1.0, 4.0)] {
            XCTAssertEqual(Bootstrap.percentile(sorted: sorted, q), expected, accuracy: 1e-12, "q \(q)")
        }
        XCTAssertEqual(Bootstrap.percentile(sorted: [10], 0.3), 10)
    }

    func testPairedIntervalResamplesPairsNotSides() {
        let baseline = sample(300, seed: 3)
        var noise = SplitMix64(seed: 4)
        let candidate = baseline.map { $0 + 2 + Double(noise.below(11)) / 10 - 0.5 }  // +2 ± 0.5 per example
        let paired = Bootstrap.pairedDifferenceInterval(baseline: baseline, candidate: candidate, seed: 9)!
        let differences = zip(candidate, baseline).map { $0 - $1 }
        XCTAssertEqual(bits(paired), bits(Bootstrap.meanInterval(differences, seed: 9)))
        XCTAssertTrue(paired.contains(differences.reduce(0, +) / 300))
        XCTAssertTrue(paired.lower > 1.9 && paired.upper < 2.1, "\(paired)")
        // Unpaired, the spread between examples (0–100) would swamp a difference of 2.
        XCTAssertGreaterThan(Bootstrap.meanInterval(candidate, seed: 9)!.width, 10 * paired.width)

        let same = Bootstrap.pairedDifferenceInterval(baseline: baseline, candidate: baseline, seed: 9)
        XCTAssertEqual(same, ConfidenceInterval(lower: 0, upper: 0, level: 0.95), "identical checkpoints")
    }
}
