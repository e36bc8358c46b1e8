import Foundation

/// Row-wise numerics in plain Swift: the losses' log-softmax, L2 normalisation, and the scalar
/// LayerNorm and softmax that the vectorised FusedRows kernels the layers use are tested against.
public enum Normalization {
    /// LayerNorm over each row of `x` (rows × width), optionally adding `residual` first, in place.
    public static func layerNorm(
        _ x: UnsafeMutablePointer<Float>, rows: Int, width: Int,
        gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, eps: Float,
        residual: UnsafePointer<Float>? = nil
    ) {
        let n = Float(width)
        for r in 0..<rows {
            let row = x + r * width
            if let res = residual {
                let rr = res + r * width
                for i in 0..<width { row[i] += rr[i] }
            }
            var mean: Float = 0
            for i in 0..<width { mean += row[i] }
            mean /= n
            var variance: Float = 0
            for i in 0..<width { let d = row[i] - mean; variance += d * d }
            variance /= n
            let inv = 1 / (variance + eps).squareRoot()
            for i in 0..<width { row[i] = (row[i] - mean) * inv * gamma[i] + beta[i] }
        }
    }

    /// Softmax over each row, in place; max-subtracted like torch.
    public static func softmax(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int) {
        for r in 0..<rows {
            let row = x + r * width
            var m = -Float.infinity
            for i in 0..<width { m = max(m, row[i]) }
            var sum: Float = 0
            for i in 0..<width { let e = expf(row[i] - m); row[i] = e; sum += e }
            let inv = 1 / sum
            for i in 0..<width { row[i] *= inv }
        }
    }

    /// log-softmax of one row, into `out`.
    public static func logSoftmax(_ row: UnsafePointer<Float>, width: Int, into out: UnsafeMutablePointer<Float>) {
        var m = -Float.infinity
        for i in 0..<width { m = max(m, row[i]) }
        var sum: Float = 0
        for i in 0..<width { sum += expf(row[i] - m) }
        let lse = m + logf(sum)
        for i in 0..<width { out[i] = row[i] - lse }
    }

    /// Divides each row by its L2 norm, clamped below at 1e-12 as torch.nn.functional.normalize does.
    public static func l2Normalize(_ x: inout Tensor) {
        let w = x.lastDim
        x.data.withUnsafeMutableBufferPointer { p in
            for r in 0..<(p.count / max(w, 1)) {
                var s: Float = 0
                for i in 0..<w { s += p[r * w + i] * p[r * w + i] }
                let d = max(s.squareRoot(), 1e-12)
                for i in 0..<w { p[r * w + i] /= d }
            }
        }
    }
}
