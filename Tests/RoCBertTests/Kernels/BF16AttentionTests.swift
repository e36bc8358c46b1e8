import CRoCBertKernels
import RoCBertCore
import XCTest
@testable import RoCBert

/// rb_attention_bf16 (AMX) against fp64 over the same bf16-rounded operands, and the model's bf16
/// attention on the kernel against its sgemm fallback.
final class KernelBF16AttentionTests: XCTestCase {
    override func tearDown() {
        rb_linear_bf16_force_path(nil)
        BF16Weights.threads = 2
    }

    /// (batch, queries, keys, heads, d, causal, past, keep, head scale, spare key rows per batch row)
    static let cases: [(Int, Int, Int, Int, Int, Bool, Int, Bool, Bool, Int)] = [
        (2, 64, 64, 12, 64, false, 0, false, false, 0),  // the encoder's shape: whole tiles
        (3, 17, 45, 3, 40, false, 0, true, true, 0),     // ragged everything, padding and a head mask
        (2, 5, 37, 2, 64, true, 32, true, false, 3),     // decoding a few tokens past a cache
        (1, 1, 100, 12, 64, true, 99, false, false, 0),  // one query: one thread, one A tile
        (2, 33, 33, 4, 96, false, 0, true, true, 5),     // three 32-wide head-dim blocks
        (1, 7, 7, 5, 8, true, 0, false, true, 0),        // heads split over blocks of a single batch row
    ]

    func testMatchesFP64OverBF16Operands() throws {
        try requireAMX()
        var rng = KernelTestRandom(seed: 5)
        for threads in [1, 2] {
            BF16Weights.threads = threads
            for (b, sq, sk, heads, d, causal, past, useKeep, useScale, spare) in Self.cases {
                let hd = heads * d, stride = (sk + spare) * hd
                let q = (0..<(b * sq * hd)).map { _ in 3 * rng.uniform() }
                let k = (0..<(b * stride)).map { _ in 3 * rng.uniform() }, v = (0..<(b * stride)).map { _ in rng.uniform() }
                // Kept, dropped and half-kept keys, as torch allows fractions.
                let keep: [Float]? = useKeep ? (0..<(b * sk)).map { _ in let u = rng.uniform(); return u < -0.6 ? 0 : u < -0.5 ? 0.5 : 1 } : nil
                let scale: [Float]? = useScale ? (0..<heads).map { [1, 0, 0.5][$0 % 3] } : nil
                var context = [Float](repeating: .nan, count: b * sq * hd)
                let done = keep.withOptionalPointer { kp in
                    scale.withOptionalPointer { sp in
                        rb_attention_bf16(q, k, v, stride, Int32(b), Int32(sq), Int32(sk), Int32(heads), Int32(d), kp,
                                          causal ? 1 : 0, Int32(past), sp, &context)
                    }
                }
                XCTAssertEqual(done, 1)
                let ref = Self.reference(q: q, k: k, v: v, stride: stride, batch: b, queries: sq, keys: sk, heads: heads, d: d,
                                         keep: keep, causal: causal, past: past, scale: scale)
                let worst = zip(context, ref).map { abs(Double($0) - $1) }.max() ?? .nan
                // Only P's rounding can differ (fp32 against fp64 scores at a bf16 tie), by one bf16 step of one term.
                XCTAssertLessThan(worst, 1e-3, "\(b)×\(sq)×\(sk), \(heads) heads of \(d), causal \(causal), \(threads) threads")
            }
        }
    }

    /// Off AMX the kernel declines and leaves the output alone (the model then runs its sgemm fallback).
    func testDeclinesOffAMX() throws {
        let others: [String] = ["avx512bf16", "avx2", "scalar"]
        let path = others.first { rb_linear_bf16_force_path($0) == 1 }
        XCTAssertNotNil(path)
        let q = [Float](repeating: 1, count: 64), kv = [Float](repeating: 1, count: 64)
        var context = [Float](repeating: .nan, count: 64)
        XCTAssertEqual(rb_attention_bf16(q, kv, kv, 64, 1, 4, 4, 1, 16, nil, 0, 0, nil, &context), 0)
        XCTAssertTrue(context.allSatisfy(\.isNaN))
        rb_linear_bf16_force_path(nil)
        XCTAssertEqual(rb_attention_bf16(q, kv, kv, 64, 1, 4, 0, 1, 16, nil, 0, 0, nil, &context), 0, "no keys")
    }

    /// The model's bf16 attention on the kernel equals its sgemm-over-rounded-operands fallback (which
    /// also serves requests for probabilities) up to summation order, and differs from fp32 attention.
    func testModelKernelMatchesFallbackAndIsNotFP32() throws {
        try requireAMX()
        var config = RoCBertConfig()
        config.hiddenSize = 96
        config.numAttentionHeads = 3
        func attention(_ precision: Precision) throws -> RoCBertSelfAttention {
            let binder = WeightBinder.random(seed: 9)
            binder.precision = precision
            return try RoCBertSelfAttention(binder, "a", config: config, positionType: .absolute)
        }
        let bf16 = try attention(.bf16), fp32 = try attention(.fp32)
        var rng = KernelTestRandom(seed: 2)
        let b = 2, seq = 21
        let hidden = Tensor(shape: [b, seq, 96], data: (0..<(b * seq * 96)).map { _ in rng.uniform() })
        let mask = AttentionMask(keep: (0..<(b * seq)).map { $0 % seq < 18 || $0 < seq ? 1 : 0 }, batch: b, keyLength: seq)
        let kernel = bf16(hidden, mask: mask, headMask: [1, 0.5, 1], wantProbabilities: false)
        let fallback = bf16(hidden, mask: mask, headMask: [1, 0.5, 1], wantProbabilities: true)
        let exact = fp32(hidden, mask: mask, headMask: [1, 0.5, 1], wantProbabilities: false)
        XCTAssertNil(kernel.probabilities)
        XCTAssertNotNil(fallback.probabilities)
        let toFallback = zip(kernel.context.data, fallback.context.data).map { abs($0 - $1) }.max() ?? .nan
        let toFP32 = zip(kernel.context.data, exact.context.data).map { abs($0 - $1) }.max() ?? .nan
        XCTAssertLessThan(toFallback, 1e-4, "kernel against its fallback")
        XCTAssertGreaterThan(toFP32, 10 * toFallback, "bf16 attention should not be fp32 attention")
        XCTAssertLessThan(toFP32, 0.02, "bf16 attention stays close to fp32")
    }

    static func reference(
        q: [Float], k: [Float], v: [Float], stride: Int, batch: Int, queries sq: Int, keys sk: Int, heads: Int, d: Int,
        keep: [Float]?, causal: Bool, past: Int, scale: [Float]?
    ) -> [Double] {
        let hd = heads * d
        func r(_ x: Float) -> Double { Double(rb_round_bf16(x)) }
        var out = [Double](repeating: 0, count: batch * sq * hd)
        for bi in 0..<batch {
            for h in 0..<heads {
                for i in 0..<sq {
                    var s = [Float](repeating: 0, count: sk)
                    for n in 0..<sk {
                        var dot = 0.0
                        for j in 0..<d { dot += r(q[(bi * sq + i) * hd + h * d + j]) * r(k[bi * stride + n * hd + h * d + j]) }
                        var m = keep?[bi * sk + n] ?? 1
                        if causal && n > past + i { m = 0 }
                        s[n] = Float(dot) / Float(d).squareRoot() + (m == 1 ? 0 : (1 - m) * -Float.greatestFiniteMagnitude)
                    }
                    let top = Double(s.max()!)
                    let e = s.map { Double($0) - top >= -80 ? exp(Double($0) - top) : 0 }, total = e.reduce(0, +)
                    for j in 0..<d {
                        var o = 0.0
                        for n in 0..<sk { o += r(Float(e[n] / total * Double(scale?[h] ?? 1))) * r(v[bi * stride + n * hd + h * d + j]) }
                        out[(bi * sq + i) * hd + h * d + j] = o
                    }
                }
            }
        }
        return out
    }

    private func requireAMX() throws {
        guard BF16Weights.hasAMX else {
            throw XCTSkip("this CPU lacks AMX-BF16, the only path with a bf16 attention kernel (testDeclinesOffAMX and the model's bf16 tests cover the others)")
        }
    }
}
