import CBLAS

/// Row-major single-precision matrix products on OpenBLAS; every model GEMM goes through here.
public enum GEMM {
    /// C[m,n] = alpha · op(A)[m,k] · op(B)[k,n] + beta · C, all row-major with explicit leading dimensions.
    @inline(__always)
    public static func multiply(
        transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// y = alpha · A[m,n] · x + beta · y (row-major A): one-row products, where sgemm is slow.
    @inline(__always)
    public static func multiplyVector(
        m: Int, n: Int, alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        x: UnsafePointer<Float>, beta: Float = 0, y: UnsafeMutablePointer<Float>
    ) {
        cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(m), Int32(n), alpha, a, Int32(lda), x, 1, beta, y, 1)
    }

    /// Name of the OpenBLAS kernel family in use (e.g. "Haswell", "SkylakeX").
    public static var coreName: String { String(cString: openblas_get_corename()) }

    /// Threads OpenBLAS uses for one call.
    public static var threads: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(newValue)) }
    }
}
