import CBLAS
import CRoCBertKernels
import Foundation
import RoCBert

/// Puts OpenBLAS on its AVX-512 kernels where the CPU has them and OpenBLAS did not notice.
///
/// Debian's OpenBLAS 0.3.21 picks its kernels by CPU model when the library loads, before `main`.
/// Models newer than it fall back: Zen 5 to Haswell (AVX2, half speed), Sapphire Rapids to Prescott
/// (SSE3, a sixth of the speed: 35 against 216 GFLOP/s on a forward pass here). The choice can only be
/// changed through `OPENBLAS_CORETYPE` at load time, so the process re-executes itself with it set.
public enum OpenBLASCore {
    /// OpenBLAS cores that use AVX-512 sgemm kernels.
    static let avx512Cores: Set<String> = ["SkylakeX", "Cooperlake", "SapphireRapids"]

    /// The core to ask for on this CPU when OpenBLAS's own choice is slower, or nil to keep its choice.
    public static var better: String? {
        guard rb_cpu_has_avx512f() != 0, !avx512Cores.contains(GEMM.coreName) else { return nil }
        return "SkylakeX"  // measured equal to Cooperlake on Sapphire Rapids; every AVX-512 CPU runs it
    }

    /// Re-executes this program with `OPENBLAS_CORETYPE` set when the user set none and a faster core
    /// exists; returns (doing nothing) otherwise or if the re-exec fails.
    public static func reexecIfSlower() {
        guard ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil, let core = better else { return }
        setenv("OPENBLAS_CORETYPE", core, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // Only reached if exec failed: carry on with the slower kernels rather than stop.
    }
}
