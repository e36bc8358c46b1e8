import Foundation
import CBLAS
import CRoCBertKernels
import XCTest
@testable import RoCBert

/// The bf16 Linear kernel against cblas_sgemm and an fp64 reference, on every path this CPU runs.
final class KernelBF16LinearTests: XCTestCase {
    // M × N × K, none of them multiples of the 16/8/6-row tiles, 48-column panels, 384-k blocks or
    // AMX's 32 × 32 blocks and 32-k tiles (K = 1001 ends on a 117-pair block, K = 5 is all tail),
    // plus the encoder's own 64 × 768 × 768, a K that spans several K blocks, a W wider than
    // one 16-panel group over more than one row block (A packed once, reused by the second group),
    // and for AMX a K deep enough that one row block's column blocks run in two L2 groups,
    // over a batch that ends in a 6-row block.
    static let sizes: [(m: Int, n: Int, k: Int)] = [
        (1, 7, 5), (7, 3, 1), (33, 65, 129), (64, 768, 768), (97, 50, 1001), (200, 130, 64), (200, 800, 450),
        (134, 300, 1900),
    ]

    override func tearDown() {
        rb_linear_bf16_force_path(nil)
        BF16Weights.threads = 2
    }

    func testAVX512BF16Path() throws {
        guard BF16Weights.isSupported else {
            throw XCTSkip("this CPU lacks AVX512-BF16 (cpuid leaf 7.1 eax bit 5 / ZMM state); that path is checked by scripts/check_avx512bf16_emulated.sh instead")
        }
        try checkPath("avx512bf16")
    }

    func testAMXPath() throws {
        guard BF16Weights.hasAMX else {
            throw XCTSkip("this CPU lacks AMX-BF16 (cpuid leaf 7 edx bits 22 and 24 / tile state), or Linux refused its state")
        }
        try checkPath("amx")
    }

    func testAVX2Path() throws {
        guard rb_cpu_has_avx2_fma() != 0 else { throw XCTSkip("this CPU lacks AVX2+FMA") }
        try checkPath("avx2")
    }

    func testScalarPath() throws {
        try checkPath("scalar")
    }

    func testOneThreadMatchesTwo() throws {
        var rng = KernelTestRandom(seed: 7)
        // Row chunks (300 rows; with two panel groups), and panel chunks with A packed once (100 rows, 3 K blocks);
        // on AMX, 60 rows (two row blocks) split by column blocks.
        for (m, n, k) in [(300, 200, 300), (300, 800, 450), (100, 400, 900), (60, 400, 900)] {
            let x = (0..<(m * k)).map { _ in rng.uniform() }, w = (0..<(n * k)).map { _ in rng.uniform() }
            assertThreadCountsAgree(BF16Weights(Tensor(shape: [n, k], data: w)), x, rows: m)
        }
    }

    func testConcurrentCallersShareOneWeight() throws {
        // Several Swift threads at once: one gets the worker pool, the others run on their own thread.
        var rng = KernelTestRandom(seed: 9)
        let (m, n, k) = (120, 150, 700)
        let x = (0..<(m * k)).map { _ in rng.uniform() }, w = (0..<(n * k)).map { _ in rng.uniform() }
        let packed = BF16Weights(Tensor(shape: [n, k], data: w))
        var expected = [Float](repeating: 0, count: m * n)
        packed.apply(x, rows: m, bias: nil, into: &expected)
        let results = UnsafeMutableBufferPointer<Float>.allocate(capacity: 8 * m * n)
        defer { results.deallocate() }
        let base = Int(bitPattern: results.baseAddress!)  // an address is Sendable; each caller writes its own slice
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            let out = UnsafeMutablePointer<Float>(bitPattern: base)! + i * m * n
            for _ in 0..<5 { packed.apply(x, rows: m, bias: nil, into: out) }
        }
        for i in 0..<8 { XCTAssertEqual(Array(results[(i * m * n)..<((i + 1) * m * n)]), expected, "caller \(i)") }
    }

    func testBF16LinearLayerMatchesLinear() throws {
        var rng = KernelTestRandom(seed: 3)
        let w = Tensor(shape: [10, 12], data: (0..<120).map { _ in rng.uniform() })
        let b = Tensor(shape: [10], data: (0..<10).map { _ in rng.uniform() })
        let x = Tensor(shape: [2, 3, 12], data: (0..<72).map { _ in rng.uniform() })
        let linear = Linear(weight: w, bias: b)
        let expected = linear(x), got = BF16Linear(linear)(x)
        XCTAssertEqual(got.shape, [2, 3, 10])
        XCTAssertLessThan(kernelRelativeError(got.data, expected.data.map(Double.init)), 1e-2)
    }

    func testGELUEpilogueMatchesSeparateGELU() throws {
        var rng = KernelTestRandom(seed: 5)
        for (m, n, k) in [(33, 65, 129), (50, 100, 800)] {
            let x = (0..<(m * k)).map { _ in rng.uniform() }, w = (0..<(n * k)).map { _ in rng.uniform() }
            let bias = (0..<n).map { _ in rng.uniform() }
            let packed = BF16Weights(Tensor(shape: [n, k], data: w))
            var fused = [Float](repeating: 0, count: m * n), plain = fused
            packed.apply(x, rows: m, bias: bias, into: &fused, gelu: true)
            packed.apply(x, rows: m, bias: bias, into: &plain)
            let reference = plain.map { v in 0.5 * Double(v) * erfc(-Double(v) / 2.0.squareRoot()) }
            for i in 0..<(m * n) {
                XCTAssertLessThanOrEqual(abs(Double(fused[i]) - reference[i]), 1e-5 * abs(reference[i]) + 1e-30, "\(m)×\(n)×\(k) [\(i)]")
            }
            // The epilogue's tile GELU (eight rows at a time with AVX-512) gives the row pass's bits.
            var separate = plain
            FusedRows.biasGELU(&separate, rows: m, width: n, bias: nil)
            XCTAssertEqual(fused.map(\.bitPattern), separate.map(\.bitPattern), "\(m)×\(n)×\(k)")
        }
    }

    func testFeedForwardMatchesTwoProducts() throws {
        // rows × in → inner → out: every width ragged; two row blocks split by column blocks on two
        // threads; row chunks over many row blocks; the second bias left out.
        let shapes = [(33, 129, 65, 50), (70, 96, 200, 96), (300, 64, 256, 64), (5, 31, 33, 7), (27, 24, 40, 24)]
        var ran = 0
        for path in ["amx", "avx512bf16", "avx2", "scalar"] where rb_linear_bf16_force_path(path) == 1 {
            ran += 1
            var rng = KernelTestRandom(seed: 11)
            for (i, (m, k, inner, n)) in shapes.enumerated() {
                let x = (0..<(m * k)).map { _ in rng.uniform() }
                let w1 = BF16Linear(weight: Tensor(shape: [inner, k], data: (0..<(inner * k)).map { _ in rng.uniform() }),
                                    bias: Tensor(shape: [inner], data: (0..<inner).map { _ in rng.uniform() }))
                let w2 = BF16Linear(weight: Tensor(shape: [n, inner], data: (0..<(n * inner)).map { _ in rng.uniform() }),
                                    bias: i == 2 ? nil : Tensor(shape: [n], data: (0..<n).map { _ in rng.uniform() }))
                let input = Tensor(shape: [m, k], data: x)
                let fused = w1.feedForward(input, output: w2)
                let apart = w2(w1(input, gelu: true))
                XCTAssertEqual(fused.shape, [m, n])
                XCTAssertEqual(fused.data.map(\.bitPattern), apart.data.map(\.bitPattern), "\(path) \(m)×\(k)→\(inner)→\(n)")
            }
        }
        XCTAssertGreaterThanOrEqual(ran, 1)  // scalar runs everywhere
    }

    func testSharedInputProductsMatchSeparateCalls() throws {
        // Attention's query, key and value: one x, three weights (ragged widths, one without a bias);
        // few rows (column-block chunks over all rows) and many (row chunks on two threads); bf16x3 on AMX too.
        var ran = 0
        for path in ["amx", "avx512bf16", "avx2", "scalar"] where rb_linear_bf16_force_path(path) == 1 {
            for x3 in path == "amx" ? [false, true] : [false] {
                ran += 1
                var rng = KernelTestRandom(seed: 21)
                for (m, k) in [(5, 70), (300, 96), (33, 129)] {
                    func linear(_ n: Int, bias: Bool) throws -> BF16Linear {
                        let w = Tensor(shape: [n, k], data: (0..<(n * k)).map { _ in rng.uniform() })
                        let b = bias ? Tensor(shape: [n], data: (0..<n).map { _ in rng.uniform() }) : nil
                        return x3 ? try XCTUnwrap(BF16Linear(bf16x3Weight: w, bias: b)) : BF16Linear(weight: w, bias: b)
                    }
                    let q = try linear(64, bias: true), key = try linear(33, bias: false), v = try linear(100, bias: true)
                    let input = Tensor(shape: [m, k], data: (0..<(m * k)).map { _ in rng.uniform() })
                    let (a, b, c) = BF16Linear.apply(q, key, v, to: input)
                    for (got, want, name) in [(a, q(input), "query"), (b, key(input), "key"), (c, v(input), "value")] {
                        XCTAssertEqual(got.shape, want.shape, name)
                        let differing = zip(got.data, want.data).filter { $0.bitPattern != $1.bitPattern }.count
                        XCTAssertEqual(differing, 0, "\(path) bf16x3 \(x3) \(m)×\(k) \(name): values differing from a separate call")
                    }
                }
            }
        }
        XCTAssertGreaterThanOrEqual(ran, 1)  // scalar runs everywhere
    }

    func testRoundingIsNearestEven() {
        XCTAssertEqual(rb_round_bf16(1.0), 1.0)
        // 1 + 2^-8 is halfway between bf16 neighbours 1 and 1 + 2^-7: ties go to the even one (1).
        XCTAssertEqual(rb_round_bf16(1 + 1.0 / 256), 1.0)
        XCTAssertEqual(rb_round_bf16(1 + 3.0 / 256), 1 + 4.0 / 256)
        XCTAssertTrue(rb_round_bf16(.nan).isNaN)
        XCTAssertEqual(rb_round_bf16(.infinity), .infinity)
    }

    // MARK: - helpers

    private func checkPath(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(rb_linear_bf16_force_path(name), 1, file: file, line: line)
        XCTAssertEqual(BF16Weights.path, name, file: file, line: line)
        var rng = KernelTestRandom(seed: 42)
        for (m, n, k) in Self.sizes {
            let x = (0..<(m * k)).map { _ in rng.uniform() }
            let w = (0..<(n * k)).map { _ in rng.uniform() }
            let bias = (0..<n).map { _ in rng.uniform() }
            let packed = BF16Weights(Tensor(shape: [n, k], data: w))
            XCTAssertEqual(packed.outFeatures, n)
            XCTAssertEqual(packed.inFeatures, k)
            var y = [Float](repeating: .nan, count: m * n)
            packed.apply(x, rows: m, bias: bias, into: &y)

            // fp32 OpenBLAS on the unrounded inputs: bf16 keeps 8 significant bits, so ~1e-2.
            var c = [Float](repeating: 0, count: m * n)
            for r in 0..<m { for j in 0..<n { c[r * n + j] = bias[j] } }
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(k),
                        1, x, Int32(k), w, Int32(k), 1, &c, Int32(n))
            let vsFP32 = kernelRelativeError(y, c.map(Double.init))
            XCTAssertLessThan(vsFP32, 1e-2, "\(name) \(m)×\(n)×\(k) vs sgemm", file: file, line: line)

            // fp64 on the bf16-rounded inputs: only fp32 accumulation error is left, ~1e-7.
            let xr = x.map { Double(rb_round_bf16($0)) }, wr = w.map { Double(rb_round_bf16($0)) }
            var ref = [Double](repeating: 0, count: m * n), worst = 0.0
            for r in 0..<m {
                for j in 0..<n {
                    var s = Double(bias[j]), mag = abs(Double(bias[j]))
                    for q in 0..<k { let t = xr[r * k + q] * wr[j * k + q]; s += t; mag += abs(t) }
                    ref[r * n + j] = s
                    // Per element, relative to Σ|terms| (the scale fp32 summation error follows).
                    worst = max(worst, abs(Double(y[r * n + j]) - s) / max(mag, 1e-30))
                }
            }
            let vsRounded = kernelRelativeError(y, ref)
            XCTAssertLessThan(vsRounded, 1e-6, "\(name) \(m)×\(n)×\(k) vs fp64 on bf16 inputs", file: file, line: line)
            XCTAssertLessThan(worst, 1e-6, "\(name) \(m)×\(n)×\(k) worst element", file: file, line: line)
        }
    }
}

/// 1, 2 and 3 threads give the same bits: each output element is summed in the same order whichever thread owns it.
func assertThreadCountsAgree(_ packed: BF16Weights, _ x: [Float], rows m: Int, file: StaticString = #filePath, line: UInt = #line) {
    let what = "\(m)×\(packed.outFeatures)×\(packed.inFeatures)"
    var y1 = [Float](repeating: 0, count: m * packed.outFeatures), y2 = y1, y3 = y1
    BF16Weights.threads = 1
    packed.apply(x, rows: m, bias: nil, into: &y1)
    BF16Weights.threads = 2
    packed.apply(x, rows: m, bias: nil, into: &y2)
    BF16Weights.threads = 3
    packed.apply(x, rows: m, bias: nil, into: &y3)
    XCTAssertEqual(y1, y2, what, file: file, line: line)
    XCTAssertEqual(y1, y3, what, file: file, line: line)
}

/// ‖got − ref‖₂ / ‖ref‖₂.
func kernelRelativeError(_ got: [Float], _ ref: [Double]) -> Double {
    var num = 0.0, den = 0.0
    for (g, r) in zip(got, ref) { num += (Double(g) - r) * (Double(g) - r); den += r * r }
    return (num / max(den, 1e-300)).squareRoot()
}

/// Deterministic test data without Foundation's global generator.
struct KernelTestRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [-1, 1).
    mutating func uniform() -> Float { Float(Double(next() >> 11) / Double(1 << 53) * 2 - 1) }
}
