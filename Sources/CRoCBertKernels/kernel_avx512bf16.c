// AVX512-BF16 micro-kernel: an 8 × 48 tile of C in 24 zmm accumulators.
//
// Per k-pair: three aligned 64-byte loads of the B panel (48 columns × 2 bf16) and eight
// 32-bit broadcasts of A (one row's bf16 pair each), feeding 24 vdpbf16ps. 24 accumulators
// + 3 B vectors + 1 broadcast stay inside the 32 zmm registers, and 11 loads per 24
// dot-products keep the load ports below the FMA ports' rate.
#include "internal.h"

#if defined(__x86_64__) || defined(__i386__) || defined(RB_EMULATE_AVX512)

#ifndef RB_EMULATE_AVX512
#include <immintrin.h>
// vdpbf16ps takes its operands as bf16 vectors; the bits are already bf16 pairs.
#define RB_BH(v) ((__m512bh)(v))
#endif

#define MR 8

// A tile: [p][row] 32-bit words, each a row's (even, odd) bf16 pair, so the kernel
// broadcasts one word per row and k-pair.
static void pack_a_pairs(const float *x, int ldx, int k, int mr, int p0, int kp, void *dst) {
    uint32_t *a = dst;
    uint16_t tmp[2 * 512];
    for (int i = 0; i < MR; i++) {
        if (i >= mr) {
            for (int p = 0; p < kp; p++) a[p * MR + i] = 0;
            continue;
        }
        for (int q = 0; q < kp; q += 512) {
            int n = kp - q < 512 ? kp - q : 512;
            rb_round_pairs_bf16(x + (size_t)i * ldx, k, p0 + q, n, tmp);
            for (int p = 0; p < n; p++) {
                uint32_t w;
                memcpy(&w, tmp + 2 * p, 4);
                a[(q + p) * MR + i] = w;
            }
        }
    }
}

RB_TARGET_AVX512BF16
static void kernel(int kp, const void *av, const uint16_t *b, float *c, int ldc,
                   int mr, int nr, const float *bias, int first) {
    const uint32_t *a = av;
    __m512 acc[MR][3];
    for (int i = 0; i < MR; i++)
        for (int j = 0; j < 3; j++) acc[i][j] = _mm512_setzero_ps();
    for (int p = 0; p < kp; p++) {
        const uint16_t *bp = b + (size_t)p * RB_PANEL_PAIR;
        __m512i b0 = _mm512_load_si512((const void *)bp);
        __m512i b1 = _mm512_load_si512((const void *)(bp + 32));
        __m512i b2 = _mm512_load_si512((const void *)(bp + 64));
        const uint32_t *ap = a + p * MR;
        for (int i = 0; i < MR; i++) {
            __m512i ai = _mm512_set1_epi32((int)ap[i]);
            acc[i][0] = _mm512_dpbf16_ps(acc[i][0], RB_BH(ai), RB_BH(b0));
            acc[i][1] = _mm512_dpbf16_ps(acc[i][1], RB_BH(ai), RB_BH(b1));
            acc[i][2] = _mm512_dpbf16_ps(acc[i][2], RB_BH(ai), RB_BH(b2));
        }
    }
    __mmask16 m[3];
    for (int j = 0; j < 3; j++) m[j] = rb_lane_mask16(nr - 16 * j);
    for (int i = 0; i < MR; i++) {
        if (i >= mr) break;
        float *ci = c + (size_t)i * ldc;
        for (int j = 0; j < 3; j++) {
            if (!m[j]) break;
            __m512 v = acc[i][j];
            if (!first) v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(m[j], ci + 16 * j));
            else if (bias) v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(m[j], bias + 16 * j));
            _mm512_mask_storeu_ps(ci + 16 * j, m[j], v);
        }
    }
}

const rb_path rb_path_avx512bf16 = {"avx512bf16", MR, MR * 4, pack_a_pairs, kernel};

#else
// Not an x86 CPU: never selected (rb_cpu_has_avx512_bf16() is 0), defined so the table links.
const rb_path rb_path_avx512bf16 = {"avx512bf16", 0, 0, 0, 0};
#endif
