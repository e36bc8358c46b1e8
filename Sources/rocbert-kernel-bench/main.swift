// GFLOP/s of OpenBLAS sgemm and the bf16 Linear kernel at the encoder's GEMM shapes.
// Not a test: timings on a shared machine are noisy, so each figure is the best of several runs.
import CRoCBertKernels
import Foundation
import RoCBert

let threads = Int(ProcessInfo.processInfo.environment["BENCH_THREADS"] ?? "") ?? 2
let repeats = Int(ProcessInfo.processInfo.environment["BENCH_REPEATS"] ?? "") ?? 15
GEMM.threads = threads
BF16Weights.threads = threads

// BENCH_CLOCK=thread (with BENCH_THREADS=1): CPU time of the calling thread, which leaves out
// the time another process holds our core; a steadier way to compare kernels on a busy machine.
let threadClock = ProcessInfo.processInfo.environment["BENCH_CLOCK"] == "thread"
precondition(!threadClock || threads == 1, "BENCH_CLOCK=thread only measures one thread; set BENCH_THREADS=1")

func now() -> Double {
    var t = timespec()
    clock_gettime(threadClock ? CLOCK_THREAD_CPUTIME_ID : CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// Time of one run, in seconds (wall clock unless BENCH_CLOCK=thread).
func time(_ body: () -> Void) -> Double {
    let start = now()
    body()
    return now() - start
}

/// Best wall time over `repeats` runs after one warm-up, in seconds.
func best(_ body: () -> Void) -> Double {
    body()
    return (0..<repeats).map { _ in time(body) }.min()!
}

/// Best times of two contenders, run alternately so both see the same background load.
func bestOfAlternating(_ a: () -> Void, _ b: () -> Void) -> (Double, Double) {
    a(); b()
    var ta = Double.infinity, tb = Double.infinity
    for _ in 0..<repeats { ta = min(ta, time(a)); tb = min(tb, time(b)) }
    return (ta, tb)
}

func randomArray(_ n: Int, seed: UInt64) -> [Float] {
    var s = seed
    return (0..<n).map { _ in
        s = s &* 6364136223846793005 &+ 1442695040888963407
        return Float(Int64(bitPattern: s >> 11) % 2000) / 1000 - 1
    }
}

let cpuFlags = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
    .split(separator: "\n").first { $0.hasPrefix("flags") } ?? ""
let has = { (f: String) in cpuFlags.split(separator: " ").contains(Substring(f)) ? "yes" : "no" }
print("OpenBLAS core: \(GEMM.coreName)   OPENBLAS_CORETYPE=\(ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] ?? "(unset)")")
print("CPU avx2: \(has("avx2"))  avx512f: \(has("avx512f"))  avx512_bf16: \(has("avx512_bf16"))   bf16 kernel path: \(BF16Weights.path)")
print("threads: \(threads), \(threadClock ? "thread CPU time" : "wall time"), best of \(repeats) after a warm-up, contenders alternated; y = x·Wᵀ with W [N, K] (nn.Linear layout)")
print("")
print("     M ×     N ×     K |  sgemm GFLOP/s |  bf16 GFLOP/s | bf16 / sgemm")

let shapes = [(2048, 3072, 768), (2048, 768, 3072), (512, 768, 768), (32, 3072, 768), (32, 768, 3072)]
for (m, n, k) in shapes {
    let x = randomArray(m * k, seed: 1), w = randomArray(n * k, seed: 2)
    var y = [Float](repeating: 0, count: m * n)
    let flops = 2.0 * Double(m) * Double(n) * Double(k)
    let packed = BF16Weights(Tensor(shape: [n, k], data: w))
    let (tS, tB) = bestOfAlternating({
        x.withUnsafeBufferPointer { a in
            w.withUnsafeBufferPointer { b in
                y.withUnsafeMutableBufferPointer { c in
                    GEMM.multiply(transB: true, m: m, n: n, k: k, a: a.baseAddress!, lda: k, b: b.baseAddress!, ldb: k,
                                  c: c.baseAddress!, ldc: n)
                }
            }
        }
    }, { packed.apply(x, rows: m, bias: nil, into: &y) })
    let gS = flops / tS / 1e9, gB = flops / tB / 1e9
    print(String(format: "%6d × %5d × %5d | %14.1f | %13.1f | %8.2f×", m, n, k, gS, gB, gB / gS))
}

// The FFN's first GEMM with its bias + GELU: a separate pass over y vs GELU applied per tile.
do {
    let (m, n, k) = (2048, 3072, 768)
    let x = randomArray(m * k, seed: 1), w = randomArray(n * k, seed: 2), bias = randomArray(n, seed: 8)
    var y = [Float](repeating: 0, count: m * n)
    let packed = BF16Weights(Tensor(shape: [n, k], data: w))
    let (tSep, tFused) = bestOfAlternating({
        packed.apply(x, rows: m, bias: bias, into: &y)
        FusedRows.biasGELU(&y, rows: m, width: n, bias: nil)
    }, { packed.apply(x, rows: m, bias: bias, into: &y, gelu: true) })
    print("")
    print(String(format: "bf16 GEMM + bias + GELU %d × %d × %d: separate GELU pass %.1f ms, GELU in the tile epilogue %.1f ms",
                 m, n, k, tSep * 1e3, tFused * 1e3))
}

// Row kernels against the scalar Swift versions the model uses today, at 32 × 64 tokens.
print("")
let rows = 2048
func rowBench(_ name: String, rows: Int = rows, width: Int, fast: (UnsafeMutablePointer<Float>) -> Void, slow: (UnsafeMutablePointer<Float>) -> Void) {
    let src = randomArray(rows * width, seed: 3)
    var buf = src
    let (tF, tS) = bestOfAlternating(
        { buf = src; buf.withUnsafeMutableBufferPointer { fast($0.baseAddress!) } },
        { buf = src; buf.withUnsafeMutableBufferPointer { slow($0.baseAddress!) } })
    print(String(format: "%-22@ %6d × %4d: fused %7.3f ms, scalar Swift %7.3f ms (%.1f×, copy included)",
                 name as NSString, rows, width, tF * 1e3, tS * 1e3, tS / tF))
}
let bias3072 = randomArray(3072, seed: 4), gamma = randomArray(768, seed: 5), beta = randomArray(768, seed: 6)
let residual = randomArray(rows * 768, seed: 7)
rowBench("bias + GELU (erf)", width: 3072,
         fast: { FusedRows.biasGELU($0, rows: rows, width: 3072, bias: bias3072) },
         slow: { p in
             for r in 0..<rows { for i in 0..<3072 { p[r * 3072 + i] += bias3072[i] } }
             Activation.gelu.apply(UnsafeMutableBufferPointer(start: p, count: rows * 3072))
         })
rowBench("residual + LayerNorm", width: 768,
         fast: { FusedRows.layerNorm($0, rows: rows, width: 768, residual: residual, gamma: gamma, beta: beta, eps: 1e-12) },
         slow: { Normalization.layerNorm($0, rows: rows, width: 768, gamma: gamma, beta: beta, eps: 1e-12, residual: residual) })
// Attention probabilities: batch 32 × 12 heads × 64 queries, 64 keys each.
rowBench("softmax", rows: rows * 12, width: 64,
         fast: { FusedRows.softmax($0, rows: rows * 12, width: 64) },
         slow: { Normalization.softmax($0, rows: rows * 12, width: 64) })
