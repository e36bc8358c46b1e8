// AVX2+FMA micro-kernel on the same packed bf16 weights, for CPUs without AVX512-BF16.
//
// A bf16 pair (even k in the low half of a 32-bit lane, odd k in the high half) widens to
// two exact fp32 vectors with one shift and one mask, so the packed panel needs no second
// layout. Tile: 6 rows × 16 columns = 12 ymm accumulators + 2 B vectors + 1 broadcast,
// within the 16 ymm registers; a 48-column panel is three such sub-tiles.
#include "internal.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#define MR 6

static void pack_a(const float *x, int ldx, int k, int mr, int p0, int kp, void *dst) {
    rb_pack_a_f32pairs(x, ldx, k, mr, p0, kp, dst, MR);
}

RB_TARGET_AVX2
static void subtile(int kp, const float *a, const uint16_t *b, float *c, int ldc,
                    int mr, int nr, const float *bias, int first) {
    __m256 acc[MR][2];
    for (int i = 0; i < MR; i++) acc[i][0] = acc[i][1] = _mm256_setzero_ps();
    const __m256i hi = _mm256_set1_epi32((int)0xffff0000u);
    for (int p = 0; p < kp; p++) {
        const uint16_t *bp = b + (size_t)p * RB_PANEL_PAIR;
        __m256i r0 = _mm256_load_si256((const __m256i *)bp);
        __m256i r1 = _mm256_load_si256((const __m256i *)(bp + 16));
        const float *ap = a + (size_t)p * MR * 2;
        __m256 e0 = _mm256_castsi256_ps(_mm256_slli_epi32(r0, 16));
        __m256 e1 = _mm256_castsi256_ps(_mm256_slli_epi32(r1, 16));
        for (int i = 0; i < MR; i++) {
            __m256 x = _mm256_broadcast_ss(ap + 2 * i);
            acc[i][0] = _mm256_fmadd_ps(x, e0, acc[i][0]);
            acc[i][1] = _mm256_fmadd_ps(x, e1, acc[i][1]);
        }
        // Reload from L1 rather than keep r0/r1 live: 12 accumulators + 2 operands + broadcast +
        // mask fill all 16 registers, and a kept copy would be spilled. The empty asm hides
        // that the address is the same, so the compiler folds the load into vpand.
        const uint16_t *again = bp;
        __asm__("" : "+r"(again));
        __m256 o0 = _mm256_castsi256_ps(_mm256_and_si256(_mm256_load_si256((const __m256i *)again), hi));
        __m256 o1 = _mm256_castsi256_ps(_mm256_and_si256(_mm256_load_si256((const __m256i *)(again + 16)), hi));
        for (int i = 0; i < MR; i++) {
            __m256 x = _mm256_broadcast_ss(ap + 2 * i + 1);
            acc[i][0] = _mm256_fmadd_ps(x, o0, acc[i][0]);
            acc[i][1] = _mm256_fmadd_ps(x, o1, acc[i][1]);
        }
    }
    if (nr >= 16) {
        for (int i = 0; i < mr; i++) {
            float *ci = c + (size_t)i * ldc;
            for (int j = 0; j < 2; j++) {
                __m256 v = acc[i][j];
                if (!first) v = _mm256_add_ps(v, _mm256_loadu_ps(ci + 8 * j));
                else if (bias) v = _mm256_add_ps(v, _mm256_loadu_ps(bias + 8 * j));
                _mm256_storeu_ps(ci + 8 * j, v);
            }
        }
        return;
    }
    // Ragged right edge: spill the tile and copy the valid columns.
    float tmp[16];
    for (int i = 0; i < mr; i++) {
        float *ci = c + (size_t)i * ldc;
        _mm256_storeu_ps(tmp, acc[i][0]);
        _mm256_storeu_ps(tmp + 8, acc[i][1]);
        for (int j = 0; j < nr; j++) ci[j] = (first ? (bias ? bias[j] : 0.0f) : ci[j]) + tmp[j];
    }
}

static void kernel(int kp, const void *a, const uint16_t *b, float *c, int ldc,
                   int mr, int nr, const float *bias, int first) {
    for (int s = 0; s < 3 && 16 * s < nr; s++) {
        int n = nr - 16 * s < 16 ? nr - 16 * s : 16;
        subtile(kp, a, b + 32 * s, c + 16 * s, ldc, mr, n, bias ? bias + 16 * s : NULL, first);
    }
}

const rb_path rb_path_avx2 = {"avx2", MR, MR * 8, pack_a, kernel};
#else
// Not an x86 CPU: never selected (rb_cpu_has_avx2_fma() is 0), defined so the table links.
const rb_path rb_path_avx2 = {"avx2", 0, 0, 0, 0};
#endif
