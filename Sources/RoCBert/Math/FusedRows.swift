import CRoCBertKernels
import Dispatch

/// Vectorised row kernels (AVX2+FMA with a portable fallback) for the encoder's glue between GEMMs.
/// Large inputs are split by rows across `GEMM.threads` cores: run on the calling thread alone, a
/// 2048 × 3072 GELU pass (10 ms) left the other core idle 12 times a forward pass.
public enum FusedRows {
    /// x[r, i] = gelu(x[r, i] + bias[i]) in place, exact-erf GELU as nn.GELU() computes it.
    public static func biasGELU(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int, bias: UnsafePointer<Float>?) {
        nonisolated(unsafe) let x = x
        guard let bias else {
            // Without a bias GELU is element-wise: split the flat buffer (Activation passes rows: 1).
            return splitRows(rows * width, width: 1) { e0, n in rb_bias_gelu(x + e0, 1, Int32(n), nil) }
        }
        nonisolated(unsafe) let b = bias
        splitRows(rows, width: width) { r0, n in rb_bias_gelu(x + r0 * width, Int32(n), Int32(width), b) }
    }

    /// x = LayerNorm(x + residual) per row in place, as Normalization.layerNorm but vectorised.
    public static func layerNorm(
        _ x: UnsafeMutablePointer<Float>, rows: Int, width: Int, residual: UnsafePointer<Float>?,
        gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, eps: Float
    ) {
        nonisolated(unsafe) let x = x, residual = residual, gamma = gamma, beta = beta
        splitRows(rows, width: width) { r0, n in
            rb_layer_norm(x + r0 * width, Int32(n), Int32(width), residual.map { $0 + r0 * width }, gamma, beta, eps)
        }
    }

    /// Runs `body(firstRow, rowCount)` over equal row ranges, one per thread, when there are at least
    /// 2^16 values (below that, waking a thread costs more than it saves); rows are independent.
    static func splitRows(_ rows: Int, width: Int, _ body: @Sendable (Int, Int) -> Void) {
        let parts = rows * width >= 1 << 16 ? min(GEMM.threads, rows) : 1
        if parts <= 1 { return body(0, rows) }
        DispatchQueue.concurrentPerform(iterations: parts) { i in
            let r0 = rows * i / parts, r1 = rows * (i + 1) / parts
            body(r0, r1 - r0)
        }
    }

    /// Max-subtracted softmax over each row in place.
    public static func softmax(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int) {
        rb_softmax_rows(x, Int32(rows), Int32(width))
    }
}
