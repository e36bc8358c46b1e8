// e^x on 8 and 16 lanes, shared by the row kernels (softmax, GELU's erfc) and the AMX attention.
#ifndef RB_VECTOR_EXP_H
#define RB_VECTOR_EXP_H
#include "internal.h"

// Softmax terms below e^RB_SOFTMAX_FLOOR are 0 on every path (why: softmax_avx2 in rowops.c).
#define RB_SOFTMAX_FLOOR (-80.0f)

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define RB_TARGET_AVX512F __attribute__((target("avx512f")))

// exp's P(r), highest degree first, with e^r ≈ 1 + r + r²·P(r) on [-ln2/2, ln2/2]; shared by the
// 8- and 16-lane forms so both run the same operations (and give the same bits).
static const float RB_EXP_POLY[6] = {1.9875691500e-4f, 1.3981999507e-3f, 8.3334519073e-3f,
                                     4.1665795894e-2f, 1.6666665459e-1f, 5.0000001201e-1f};

// Cody–Waite reduction x = k·ln2 + r, |r| ≤ ln2/2 (ln 2 split in two so k·ln2_hi is exact), and
// the Horner part of P(r). Every exp below starts with these, in the same instructions.
RB_TARGET_AVX2
static inline __m256 exp_reduce8(__m256 x, __m256 *k) {
    *k = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    const __m256 r = _mm256_fnmadd_ps(*k, _mm256_set1_ps(0.693359375f), x);
    return _mm256_fnmadd_ps(*k, _mm256_set1_ps(-2.12194440e-4f), r);
}

RB_TARGET_AVX2
static inline __m256 exp_poly8(__m256 r) {
    __m256 p = _mm256_set1_ps(RB_EXP_POLY[0]);
    for (int i = 1; i < 6; i++) p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(RB_EXP_POLY[i]));
    return p;
}

// exp_reduce8 and exp_poly8 on 16 lanes.
RB_TARGET_AVX512F
static inline __m512 exp_reduce16(__m512 x, __m512 *k) {
    *k = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    const __m512 r = _mm512_fnmadd_ps(*k, _mm512_set1_ps(0.693359375f), x);
    return _mm512_fnmadd_ps(*k, _mm512_set1_ps(-2.12194440e-4f), r);
}

RB_TARGET_AVX512F
static inline __m512 exp_poly16(__m512 r) {
    __m512 p = _mm512_set1_ps(RB_EXP_POLY[0]);
    for (int i = 1; i < 6; i++) p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(RB_EXP_POLY[i]));
    return p;
}

// e^x for x <= 0 down to underflow (softmax only feeds max-subtracted values): the reduction and
// a degree-6 polynomial on [-ln2/2, ln2/2]; ~1 ulp.
RB_TARGET_AVX2
static inline __m256 exp8(__m256 x) {
    __m256 k;
    __m256 r = exp_reduce8(_mm256_max_ps(x, _mm256_set1_ps(-87.3f)), &k);
    // |r| < 1e-15 (e^r is 1 in fp32) becomes 0, so r·r below cannot underflow: see gelu8.
    r = _mm256_and_ps(r, _mm256_cmp_ps(_mm256_andnot_ps(_mm256_set1_ps(-0.0f), r), _mm256_set1_ps(1e-15f), _CMP_GT_OQ));
    const __m256 p = _mm256_fmadd_ps(exp_poly8(r), _mm256_mul_ps(r, r), _mm256_add_ps(r, _mm256_set1_ps(1.0f)));
    const __m256i e = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(k), _mm256_set1_epi32(127)), 23);
    return _mm256_mul_ps(p, _mm256_castsi256_ps(e));
}

// exp8's operations on 16 lanes.
RB_TARGET_AVX512F
static inline __m512 exp16(__m512 x) {
    __m512 k;
    __m512 r = exp_reduce16(_mm512_max_ps(x, _mm512_set1_ps(-87.3f)), &k);
    r = _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(_mm512_abs_ps(r), _mm512_set1_ps(1e-15f), _CMP_GT_OQ), r);
    const __m512 p = _mm512_fmadd_ps(exp_poly16(r), _mm512_mul_ps(r, r), _mm512_add_ps(r, _mm512_set1_ps(1.0f)));
    const __m512i e = _mm512_slli_epi32(_mm512_add_epi32(_mm512_cvtps_epi32(k), _mm512_set1_epi32(127)), 23);
    return _mm512_mul_ps(p, _mm512_castsi512_ps(e));
}

// e^x for GELU's erfc (x in [-83, 0], and |x| either 0 or above 1e-11, never near underflow):
// exp8's reduction and polynomial in plain Horner form, then scaled by 2^k. Without exp8's
// clamps for softmax's arbitrary inputs this is 13 operations instead of 21.
RB_TARGET_AVX2
static inline __m256 exp_bounded8(__m256 x) {
    __m256 k;
    const __m256 r = exp_reduce8(x, &k);
    __m256 p = _mm256_fmadd_ps(exp_poly8(r), r, _mm256_set1_ps(1.0f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
    const __m256i e = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(k), _mm256_set1_epi32(127)), 23);
    return _mm256_mul_ps(p, _mm256_castsi256_ps(e));
}

// exp_bounded8's operations on 16 lanes; vscalefps multiplies by 2^k in one instruction, the
// same value as exp_bounded8's multiply by the constructed 2^k (k ≥ -120: 2^k is a normal float).
RB_TARGET_AVX512F
static inline __m512 exp_bounded16(__m512 x) {
    __m512 k;
    const __m512 r = exp_reduce16(x, &k);
    __m512 p = _mm512_fmadd_ps(exp_poly16(r), r, _mm512_set1_ps(1.0f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
    return _mm512_scalef_ps(p, k);
}

#endif
#endif
