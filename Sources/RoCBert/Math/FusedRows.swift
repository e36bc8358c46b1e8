import CRoCBertKernels

/// Vectorised row kernels (AVX2+FMA with a portable fallback) for the encoder's glue between GEMMs.
public enum FusedRows {
    /// x[r, i] = gelu(x[r, i] + bias[i]) in place, exact-erf GELU as nn.GELU() computes it.
    public static func biasGELU(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int, bias: UnsafePointer<Float>?) {
        rb_bias_gelu(x, Int32(rows), Int32(width), bias)
    }

    /// x = LayerNorm(x + residual) per row in place, as Normalization.layerNorm but vectorised.
    public static func layerNorm(
        _ x: UnsafeMutablePointer<Float>, rows: Int, width: Int, residual: UnsafePointer<Float>?,
        gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, eps: Float
    ) {
        rb_layer_norm(x, Int32(rows), Int32(width), residual, gamma, beta, eps)
    }

    /// Max-subtracted softmax over each row in place.
    public static func softmax(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int) {
        rb_softmax_rows(x, Int32(rows), Int32(width))
    }
}
