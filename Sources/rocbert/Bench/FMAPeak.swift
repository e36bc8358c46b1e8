import CRoCBertKernels

/// The measured FP32 fused multiply-add ceiling of this machine, the bound no fp32 forward can pass.
public enum FMAPeak {
    /// GFLOP/s of `threads` threads doing nothing but independent FMAs (best of `rounds` short runs); 0 without AVX2/FMA.
    public static func measure(threads: Int, rounds: Int = 8) -> Double {
        rb_fp32_fma_peak_gflops(Int32(threads), Int32(rounds))
    }
}
