import Foundation
import CRoCBertKernels
import XCTest
@testable import RoCBert
@testable import rocbert

/// The vectorised row kernels against plain scalar references (fp64 where fp32 itself cancels).
final class KernelFusedRowsTests: XCTestCase {
    // Widths around the 8-lane vector size, plus the encoder's 768 and 3072.
    static let widths = [1, 7, 8, 9, 31, 768, 3072]

    func testBiasGELUMatchesExactErf() {
        var rng = KernelTestRandom(seed: 11)
        for width in Self.widths {
            let rows = 3
            // Spread over [-12, 12] to cover the negative tail where 1 + erf cancels.
            var x = (0..<(rows * width)).map { _ in rng.uniform() * 12 }
            let bias = (0..<width).map { _ in rng.uniform() }
            let input = x
            FusedRows.biasGELU(&x, rows: rows, width: width, bias: bias)
            for i in 0..<(rows * width) {
                let v = Double(input[i] + bias[i % width])
                let ref = 0.5 * v * erfc(-v / 2.0.squareRoot())
                // 1e-5 relative; the absolute floor covers values below fp32's resolution of the tail.
                XCTAssertLessThanOrEqual(abs(Double(x[i]) - ref), 1e-5 * abs(ref) + 1e-30, "gelu(\(v)) width \(width)")
                // And the same numbers as the model's scalar fp32 formula (Activation.gelu).
                let scalar = Float(v) * 0.5 * (1 + erff(Float(v) * 0.70710678118654752))
                XCTAssertLessThanOrEqual(abs(x[i] - scalar), 1e-5 * max(abs(scalar), 1e-1), "vs scalar gelu(\(v))")
            }
        }
    }

    func testGELUWithoutBias() {
        var x: [Float] = [-3, -1, -0.5, 0, 0.5, 1, 3, 10, -10]
        let input = x
        FusedRows.biasGELU(&x, rows: 1, width: x.count, bias: nil)
        for (got, v) in zip(x, input) {
            let ref = 0.5 * Double(v) * erfc(-Double(v) / 2.0.squareRoot())
            XCTAssertLessThanOrEqual(abs(Double(got) - ref), 1e-5 * abs(ref) + 1e-30, "gelu(\(v))")
        }
    }

    // The AVX-512 GELU runs the AVX2 one's operations in the same order: the same bits, so fp32
    // results do not depend on which of the two a CPU has.
    func testAVX512GELUGivesTheAVX2Bits() throws {
        guard rb_gelu_force_lanes(16) == 1, rb_gelu_force_lanes(8) == 1 else {
            throw XCTSkip("this CPU lacks AVX-512F or AVX2")
        }
        defer { _ = rb_gelu_force_lanes(0) }
        var rng = KernelTestRandom(seed: 13)
        for width in Self.widths + [15, 16, 17, 48] {
            let rows = 3
            var x = (0..<(rows * width)).map { _ in rng.uniform() * 14 }
            x[0] = -0.0
            if x.count > 2 { x[1] = 1e-30; x[2] = -1e-3 }
            let bias = (0..<width).map { _ in rng.uniform() }
            for b in [bias, nil] {
                var wide = x, narrow = x
                XCTAssertEqual(rb_gelu_force_lanes(16), 1)
                FusedRows.biasGELU(&wide, rows: rows, width: width, bias: b)
                XCTAssertEqual(rb_gelu_force_lanes(8), 1)
                FusedRows.biasGELU(&narrow, rows: rows, width: width, bias: b)
                XCTAssertEqual(wide.map(\.bitPattern), narrow.map(\.bitPattern), "width \(width), bias \(b != nil)")
            }
        }
        XCTAssertEqual(rb_gelu_force_lanes(4), 0, "no 4-lane GELU")
        XCTAssertEqual(rb_gelu_force_lanes(-1), 0)
    }

    // Subnormal operands cost Intel cores a microcode assist each (GELU ran 7–10× slower), so the
    // kernels keep them out of their results: near-zero and far-negative GELU inputs, masked keys.
    func testNoSubnormalsFromGELUOrMaskedSoftmax() {
        var x: [Float] = [0, -0.0, 1e-35, -1e-30, 1e-20, -1e-20, -12.5, -13, -20, -1e4, 1e-6, -1e-6, 30, -0.3, 2, -5]
        let input = x
        FusedRows.biasGELU(&x, rows: 1, width: x.count, bias: nil)
        for (got, v) in zip(x, input) {
            XCTAssertFalse(got.isSubnormal, "gelu(\(v)) = \(got)")
            let ref = 0.5 * Double(v) * erfc(-Double(v) / 2.0.squareRoot())
            XCTAssertLessThanOrEqual(abs(Double(got) - ref), 1e-5 * abs(ref) + 1e-30, "gelu(\(v))")
        }
        let masked = -Float.greatestFiniteMagnitude
        for width in [5, 8, 19, 64] {
            var row = (0..<width).map { i in i % 3 == 1 ? masked : Float(i % 5) - 2 }
            row[0] = -100  // unmasked but e^-100 below the floor: 0 as well, not a subnormal
            FusedRows.softmax(&row, rows: 1, width: width)
            for (i, p) in row.enumerated() {
                XCTAssertFalse(p.isSubnormal, "width \(width) column \(i)")
                if i % 3 == 1 || i == 0 { XCTAssertEqual(p, 0, "width \(width) column \(i)") }
            }
            XCTAssertEqual(row.reduce(0, +), 1, accuracy: 1e-6)
        }
    }

    func testLayerNormWithResidualMatchesScalar() {
        var rng = KernelTestRandom(seed: 12)
        for width in Self.widths {
            let rows = 4
            let x0 = (0..<(rows * width)).map { _ in rng.uniform() * 3 + 0.5 }
            let res = (0..<(rows * width)).map { _ in rng.uniform() }
            let gamma = (0..<width).map { _ in 1 + rng.uniform() * 0.1 }, beta = (0..<width).map { _ in rng.uniform() * 0.1 }
            var fast = x0, slow = x0
            FusedRows.layerNorm(&fast, rows: rows, width: width, residual: res, gamma: gamma, beta: beta, eps: 1e-12)
            Normalization.layerNorm(&slow, rows: rows, width: width, gamma: gamma, beta: beta, eps: 1e-12, residual: res)
            for i in 0..<(rows * width) {
                // width 1 normalises to exactly beta in both; elsewhere ~1e-7 apart.
                XCTAssertLessThanOrEqual(abs(fast[i] - slow[i]), 1e-5 * max(abs(slow[i]), 1), "width \(width) index \(i)")
            }
            var noRes = x0, noResSlow = x0
            FusedRows.layerNorm(&noRes, rows: rows, width: width, residual: nil, gamma: gamma, beta: beta, eps: 1e-5)
            Normalization.layerNorm(&noResSlow, rows: rows, width: width, gamma: gamma, beta: beta, eps: 1e-5)
            for i in 0..<(rows * width) {
                XCTAssertLessThanOrEqual(abs(noRes[i] - noResSlow[i]), 1e-5 * max(abs(noResSlow[i]), 1))
            }
        }
    }

    func testSoftmaxMatchesScalar() {
        var rng = KernelTestRandom(seed: 13)
        for width in Self.widths {
            let rows = 3
            var x = (0..<(rows * width)).map { _ in rng.uniform() * 20 }
            // A masked position the way the model masks: a large negative additive bias.
            if width > 2 { x[1] = -Float.greatestFiniteMagnitude }
            var slow = x
            FusedRows.softmax(&x, rows: rows, width: width)
            Normalization.softmax(&slow, rows: rows, width: width)
            for i in 0..<(rows * width) {
                XCTAssertLessThanOrEqual(abs(x[i] - slow[i]), 1e-5 * abs(slow[i]) + 1e-30, "width \(width) index \(i): \(x[i]) vs \(slow[i])")
            }
            for r in 0..<rows {
                let s = x[(r * width)..<((r + 1) * width)].reduce(0, +)
                XCTAssertEqual(s, 1, accuracy: 1e-5)
            }
        }
    }
}

/// The FLOP count the Swift and PyTorch benchmarks share.
final class KernelForwardFLOPsTests: XCTestCase {
    func testBaseZhAt32x64MatchesTheReferenceScript() {
        var c = RoCBertConfig()
        c.vocabSize = 21128
        // scripts/bench_reference.py prints 11.225 GFLOP per sequence at 32 × 64.
        let perSequence = ForwardFLOPs.sequenceClassification(c, batch: 32, seq: 64, labels: 2) / 32
        XCTAssertEqual(perSequence / 1e9, 11.225, accuracy: 0.0005)
    }
}
