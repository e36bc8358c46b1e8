#!/bin/sh
# Runs the AVX512-BF16 GEMM path with its intrinsics emulated in scalar C, so the kernel's
# indexing, masking and blocking are tested on CPUs without AVX-512 (the SwiftPM tests skip
# that path there). It checks the code around the instructions, not the silicon.
set -eu
cd "$(dirname "$0")/.."
K=Sources/CRoCBertKernels
E=scripts/kernel_emulation
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
CC=${CC:-cc}
# Only the AVX-512 kernel sees the stand-in header; the rest compile as in the package.
$CC -O1 -ffp-contract=off -DRB_EMULATE_AVX512 -include $E/avx512bf16_emulated.h -I$K/include -I$K \
    -c $K/kernel_avx512bf16.c -o "$out/k512.o"
for f in linear_amx kernel_avx2 kernel_scalar pack linear_bf16 rowops; do
    $CC -O1 -DRB_EMULATE_AVX512 -I$K/include -I$K -c $K/$f.c -o "$out/$f.o"
done
$CC -O1 -I$K/include $E/check_linear.c "$out"/*.o -o "$out/check" -lpthread -lm
"$out/check"
