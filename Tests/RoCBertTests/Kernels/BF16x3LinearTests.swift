import Foundation
import CRoCBertKernels
import XCTest
@testable import RoCBert

/// bf16x3 products (x_hi·W_hi + x_lo·W_hi + x_hi·W_lo on AMX) against fp64 on the unrounded inputs.
final class KernelBF16x3LinearTests: XCTestCase {
    override func tearDown() {
        BF16Weights.threads = 2
    }

    /// x = hi + lo + e with |e| ≤ 2⁻¹⁸|x| (lo is x − hi rounded to 8 bits), and the dropped lo·lo is
    /// ≤ 2⁻¹⁸|x·w|: each term is off by at most ~3·2⁻¹⁸ ≈ 1.1e-5 of itself, plus fp32 summation.
    static let worstPerElement = 1.2e-5

    func testMatchesFP64OnEveryShape() throws {
        try requireAMX()
        var rng = KernelTestRandom(seed: 43)
        // The bf16 kernel's ragged shapes; K = 1001 and 1900 also span several x3 K blocks with a short
        // last one, and K = 2100 is deep enough for K blocks outermost (over two ragged row blocks).
        for (m, n, k) in KernelBF16LinearTests.sizes + [(40, 70, 2100)] {
            let x = (0..<(m * k)).map { _ in rng.uniform() }, w = (0..<(n * k)).map { _ in rng.uniform() }
            let bias = (0..<n).map { _ in rng.uniform() }
            let packed = try XCTUnwrap(BF16Weights(bf16x3: Tensor(shape: [n, k], data: w)))
            XCTAssertEqual(packed.outFeatures, n)
            XCTAssertEqual(packed.inFeatures, k)
            var y = [Float](repeating: .nan, count: m * n)
            packed.apply(x, rows: m, bias: bias, into: &y)
            var ref = [Double](repeating: 0, count: m * n), worst = 0.0
            for r in 0..<m {
                for j in 0..<n {
                    var s = Double(bias[j]), mag = abs(Double(bias[j]))
                    for q in 0..<k { let t = Double(x[r * k + q]) * Double(w[j * k + q]); s += t; mag += abs(t) }
                    ref[r * n + j] = s
                    worst = max(worst, abs(Double(y[r * n + j]) - s) / max(mag, 1e-30))
                }
            }
            XCTAssertLessThan(worst, Self.worstPerElement, "\(m)×\(n)×\(k) worst element")
            // Over the whole output the error is the operands' representation error, 2⁻¹⁸ ≈ 3.8e-6 (bf16 alone: ~3e-3).
            XCTAssertLessThan(kernelRelativeError(y, ref), 6e-6, "\(m)×\(n)×\(k)")

            // The GELU epilogue gives the bits of GELU applied afterwards.
            var fused = [Float](repeating: .nan, count: m * n)
            packed.apply(x, rows: m, bias: bias, into: &fused, gelu: true)
            var separate = y
            FusedRows.biasGELU(&separate, rows: m, width: n, bias: nil)
            XCTAssertEqual(fused.map(\.bitPattern), separate.map(\.bitPattern), "\(m)×\(n)×\(k) GELU")
        }
    }

    func testFeedForwardMatchesTwoProducts() throws {
        try requireAMX()
        var rng = KernelTestRandom(seed: 12)
        // Ragged widths; an intermediate wide enough for K blocks in the second product; two row
        // blocks split by column blocks on two threads; the second bias left out.
        for (i, (m, k, inner, n)) in [(33, 129, 65, 50), (70, 96, 600, 96), (300, 64, 256, 64), (5, 31, 33, 7)].enumerated() {
            func linear(_ out: Int, _ inputs: Int, bias: Bool) throws -> BF16Linear {
                try XCTUnwrap(BF16Linear(bf16x3Weight: Tensor(shape: [out, inputs], data: (0..<(out * inputs)).map { _ in rng.uniform() }),
                                         bias: bias ? Tensor(shape: [out], data: (0..<out).map { _ in rng.uniform() }) : nil))
            }
            let w1 = try linear(inner, k, bias: true), w2 = try linear(n, inner, bias: i != 2)
            let input = Tensor(shape: [m, k], data: (0..<(m * k)).map { _ in rng.uniform() })
            let fused = w1.feedForward(input, output: w2), apart = w2(w1(input, gelu: true))
            XCTAssertEqual(fused.shape, [m, n])
            XCTAssertEqual(fused.data.map(\.bitPattern), apart.data.map(\.bitPattern), "\(m)×\(k)→\(inner)→\(n)")
        }
    }

    func testOneThreadMatchesTwo() throws {
        try requireAMX()
        var rng = KernelTestRandom(seed: 8)
        // Row chunks; row chunks over K blocks (K = 900: 29 steps, a short last block); 60 rows split by
        // column blocks; K blocks outermost (K = 2100) in row chunks and in column-block chunks.
        for (m, n, k) in [(300, 200, 300), (300, 800, 900), (60, 400, 900), (300, 100, 2100), (70, 100, 2100)] {
            let x = (0..<(m * k)).map { _ in rng.uniform() }, w = (0..<(n * k)).map { _ in rng.uniform() }
            assertThreadCountsAgree(try XCTUnwrap(BF16Weights(bf16x3: Tensor(shape: [n, k], data: w))), x, rows: m)
        }
    }

    func testOnlyTheAMXPathPacksBF16x3() throws {
        defer { rb_linear_bf16_force_path(nil) }
        let w = Tensor(shape: [3, 4], data: (0..<12).map(Float.init))
        for path in ["avx512bf16", "avx2", "scalar"] where rb_linear_bf16_force_path(path) == 1 {
            XCTAssertNil(BF16Weights(bf16x3: w), "\(path) has no bf16x3 kernel: callers use sgemm")
        }
        rb_linear_bf16_force_path(nil)
        XCTAssertEqual(BF16Weights(bf16x3: w) != nil, BF16Weights.path == "amx")
    }

    private func requireAMX() throws {
        guard BF16Weights.hasAMX else {
            throw XCTSkip("this CPU lacks AMX-BF16, the only path with a bf16x3 kernel (testOnlyTheAMXPathPacksBF16x3 covers the others)")
        }
    }
}
