import CRoCBertKernels
import XCTest
@testable import rocbert

/// The FP32 FMA ceiling `rocbert bench` prints: a positive figure where the CPU has FMA, 0 for requests it cannot run.
final class FMAPeakTests: XCTestCase {
    func testMeasuresAPositiveCeilingOnFMAHardware() throws {
        try XCTSkipUnless(rb_cpu_has_avx2_fma() != 0, "no AVX2/FMA: the probe reports 0 by design")
        let one = FMAPeak.measure(threads: 1, rounds: 1)
        // The tests' debug build compiles the probe unoptimised (~2.5 GFLOP/s here, against 158
        // in release), so only the upper bound is tight: a folded or skipped loop would show up
        // as an impossible figure.
        XCTAssertGreaterThan(one, 0.1)
        XCTAssertLessThan(one, 10_000)
    }

    func testRejectsEmptyRequests() {
        XCTAssertEqual(FMAPeak.measure(threads: 0), 0)
        XCTAssertEqual(FMAPeak.measure(threads: 1, rounds: 0), 0)
        XCTAssertEqual(FMAPeak.measure(threads: -3), 0)
    }
}
