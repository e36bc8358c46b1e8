#!/bin/sh
# GFLOP/s of OpenBLAS sgemm (on its default kernels and forced to Haswell and SkylakeX) and of
# the bf16 Linear kernel at the encoder's GEMM shapes, 2 threads. The machine is shared, so
# each configuration runs RUNS times (default 3): read the best figure of each cell.
#
# OPENBLAS_CORETYPE is read when libopenblas loads, hence one process per setting. SkylakeX
# kernels are AVX-512: on a CPU without avx512f they die with SIGILL, which is reported, not hidden.
set -u
cd "$(dirname "$0")/.."
swift build -c release --product rocbert-kernel-bench >/dev/null || exit 1
BIN=.build/release/rocbert-kernel-bench
RUNS=${RUNS:-3}
export BENCH_THREADS=${BENCH_THREADS:-2}

echo "== $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-), $(nproc) CPUs; load: $(cut -d' ' -f1-3 /proc/loadavg)"
for core in "" Haswell SkylakeX; do
    i=1
    while [ "$i" -le "$RUNS" ]; do
        echo "== OPENBLAS_CORETYPE=${core:-(unset)} run $i/$RUNS"
        if [ -n "$core" ]; then OPENBLAS_CORETYPE=$core $BIN; else env -u OPENBLAS_CORETYPE $BIN; fi
        rc=$?
        if [ $rc -ne 0 ]; then
            if [ $rc -eq 132 ]; then
                echo "   -> SIGILL: OpenBLAS $core kernels use instructions this CPU lacks (no avx512f in /proc/cpuinfo)"
            else
                echo "   -> exit status $rc"
            fi
            break
        fi
        i=$((i + 1))
    done
done
