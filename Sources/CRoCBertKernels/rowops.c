// Row kernels the encoder runs between GEMMs: bias + exact GELU, residual + LayerNorm, softmax.
// AVX2+FMA versions with a portable fallback; both match the scalar fp32 formulas to ~1e-6.
#include <math.h>
#include <stdatomic.h>
#include "CRoCBertKernels.h"
#include "internal.h"
#include "vector_exp.h"
#if defined(__x86_64__) || defined(__i386__)
#define RB_ROWOPS_X86 1
#include <immintrin.h>
#endif

// ---- portable ----

static void gelu_scalar(float *x, int n, const float *bias) {
    for (int i = 0; i < n; i++) {
        float v = x[i] + (bias ? bias[i] : 0.0f);
        x[i] = 0.5f * v * (1.0f + erff(v * 0.70710678118654752f));
    }
}

static void layer_norm_scalar(float *x, int n, const float *res, const float *g, const float *b, float eps) {
    if (res) for (int i = 0; i < n; i++) x[i] += res[i];
    float mean = 0, var = 0;
    for (int i = 0; i < n; i++) mean += x[i];
    mean /= n;
    for (int i = 0; i < n; i++) { float d = x[i] - mean; var += d * d; }
    var /= n;
    float inv = 1.0f / sqrtf(var + eps);
    for (int i = 0; i < n; i++) x[i] = (x[i] - mean) * inv * g[i] + b[i];
}

static void softmax_scalar(float *x, int n) {
    float m = -INFINITY, s = 0;
    for (int i = 0; i < n; i++) m = x[i] > m ? x[i] : m;
    for (int i = 0; i < n; i++) { x[i] = x[i] - m >= RB_SOFTMAX_FLOOR ? expf(x[i] - m) : 0.0f; s += x[i]; }
    float inv = 1.0f / s;
    for (int i = 0; i < n; i++) x[i] *= inv;
}

// ---- AVX2 ----
#ifdef RB_ROWOPS_X86

static inline float hsum8(__m256 v) __attribute__((target("avx2,fma")));
static inline float hsum8(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

static inline float hmax8(__m256 v) __attribute__((target("avx2,fma")));
static inline float hmax8(__m256 v) {
    __m128 s = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_max_ps(s, _mm_movehl_ps(s, s));
    s = _mm_max_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

// erfc's polynomial P(t), highest degree first, shared by the 8- and 16-lane forms so both run
// the same operations: degree 7, fitted by scripts/fit_erfc_polynomial.py (Numerical Recipes'
// erfcc uses degree 9 for 1.2e-7; two multiply-adds fewer per vector cost accuracy GELU does not
// see, its error being fp32's rounding of z²).
static const float RB_ERFC_POLY[8] = {-0.18110096f, 0.7226993f, -0.94945496f, 0.3006496f, -0.012742956f, 0.38555774f, 0.99995863f, -1.2655671f};

// erfc(a) for a ≥ 0 as t·exp(−a² + P(t)), t = 1/(1 + a/2) (the form of Numerical Recipes'
// erfcc; relative error < 7e-7 with the P above). GELU is built on erfc rather than 1 + erf so
// the negative tail, where 1 + erf cancels, keeps its relative accuracy. The GELU epilogue does
// not overlap the AMX products (its cost adds to theirs), so every operation here counts:
// exp_bounded and the degree-7 P took the epilogue from 1.8-2.0 to 1.3 ms on 512 × 3072 × 768.
RB_TARGET_AVX2
static inline __m256 erfc8(__m256 a) {
    __m256 t = _mm256_div_ps(_mm256_set1_ps(1.0f), _mm256_fmadd_ps(_mm256_set1_ps(0.5f), a, _mm256_set1_ps(1.0f)));
    __m256 p = _mm256_set1_ps(RB_ERFC_POLY[0]);
    for (int i = 1; i < 8; i++) p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(RB_ERFC_POLY[i]));
    return _mm256_mul_ps(t, exp_bounded8(_mm256_fnmadd_ps(a, a, p)));
}

// gelu(v) = v·Φ(v) = ½v·erfc(−v/√2): ½v·(2 − erfc(z)) for v ≥ 0, ½v·erfc(z) for v < 0, z = |v|/√2.
// z is kept in [1e-10, 9] inside erfc so no step underflows: a subnormal or underflowing result
// costs Intel cores a microcode assist per instruction (a GELU pass ran 7–10× slower on Sapphire
// Rapids over inputs with a long negative tail or many near-zero values). Below 1e-10 erfc is 1
// in fp32; past 9 it is < 4.2e-37 and taken as 0.
RB_TARGET_AVX2
static inline __m256 gelu8(__m256 v) {
    __m256 z = _mm256_mul_ps(_mm256_andnot_ps(_mm256_set1_ps(-0.0f), v), _mm256_set1_ps(0.70710678118654752f));
    __m256 tail = _mm256_cmp_ps(z, _mm256_set1_ps(9.0f), _CMP_GT_OQ);
    __m256 zc = _mm256_min_ps(_mm256_max_ps(z, _mm256_set1_ps(1e-10f)), _mm256_set1_ps(9.0f));
    __m256 e = _mm256_andnot_ps(tail, erfc8(zc));
    __m256 phi2 = _mm256_blendv_ps(_mm256_sub_ps(_mm256_set1_ps(2.0f), e), e, v);  // sign bit selects e
    return _mm256_mul_ps(_mm256_mul_ps(_mm256_set1_ps(0.5f), v), phi2);
}

RB_TARGET_AVX2
static void gelu_avx2(float *x, int n, const float *bias) {
    int i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 v = _mm256_loadu_ps(x + i);
        if (bias) v = _mm256_add_ps(v, _mm256_loadu_ps(bias + i));
        _mm256_storeu_ps(x + i, gelu8(v));
    }
    if (i < n) {
        float tmp[8] = {0}, bt[8] = {0};
        for (int j = 0; i + j < n; j++) { tmp[j] = x[i + j]; bt[j] = bias ? bias[i + j] : 0.0f; }
        __m256 v = _mm256_loadu_ps(tmp);
        if (bias) v = _mm256_add_ps(v, _mm256_loadu_ps(bt));  // as in the loop: -0.0 stays -0.0 without a bias
        _mm256_storeu_ps(tmp, gelu8(v));
        for (int j = 0; i + j < n; j++) x[i + j] = tmp[j];
    }
}

// ---- AVX-512 GELU: gelu8's operations in the same order on 16 lanes (bit-identical results);
// the FFN's GELU is latency-bound on its short tile rows, so twice the lanes per chain is
// nearly twice the speed.
RB_TARGET_AVX512F
static inline __m512 erfc16(__m512 a) {
    __m512 t = _mm512_div_ps(_mm512_set1_ps(1.0f), _mm512_fmadd_ps(_mm512_set1_ps(0.5f), a, _mm512_set1_ps(1.0f)));
    __m512 p = _mm512_set1_ps(RB_ERFC_POLY[0]);
    for (int i = 1; i < 8; i++) p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(RB_ERFC_POLY[i]));
    return _mm512_mul_ps(t, exp_bounded16(_mm512_fnmadd_ps(a, a, p)));
}

RB_TARGET_AVX512F
static inline __m512 gelu16(__m512 v) {
    __m512 z = _mm512_mul_ps(_mm512_abs_ps(v), _mm512_set1_ps(0.70710678118654752f));
    __mmask16 inside = _mm512_cmp_ps_mask(z, _mm512_set1_ps(9.0f), _CMP_LE_OQ);
    __m512 zc = _mm512_min_ps(_mm512_max_ps(z, _mm512_set1_ps(1e-10f)), _mm512_set1_ps(9.0f));
    __m512 e = _mm512_maskz_mov_ps(inside, erfc16(zc));
    __mmask16 negative = _mm512_test_epi32_mask(_mm512_castps_si512(v), _mm512_set1_epi32((int)0x80000000u));
    __m512 phi2 = _mm512_mask_mov_ps(_mm512_sub_ps(_mm512_set1_ps(2.0f), e), negative, e);
    return _mm512_mul_ps(_mm512_mul_ps(_mm512_set1_ps(0.5f), v), phi2);
}

RB_TARGET_AVX512F
static void gelu_avx512(float *x, int n, const float *bias) {
    for (int i = 0; i < n; i += 16) {
        const __mmask16 m = rb_lane_mask16(n - i);
        __m512 v = _mm512_maskz_loadu_ps(m, x + i);
        if (bias) v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(m, bias + i));
        _mm512_mask_storeu_ps(x + i, m, gelu16(v));
    }
}

// GELU over a tile (the bf16 GEMM's epilogue): eight rows at a time per 16-column block, so
// eight independent gelu16 chains interleave (a tile row is only two or three vectors wide).
// Four rows at a time took a 16 × 48 tile from 40–44 to 34–38 cycles per vector; eight cut the
// epilogue of 512 × 3072 × 768 by another ~10 % (one thread, alternated, ahead in 7 of 8 runs).
// Same operations per lane as gelu_avx512, hence the same bits.
RB_TARGET_AVX512F
static void gelu_tile_avx512(float *c, int rows, int cols, int ldc) {
    enum { R = 8 };
    for (int j = 0; j < cols; j += 16) {
        const __mmask16 m = rb_lane_mask16(cols - j);
        int r = 0;
        for (; r + R <= rows; r += R) {
            __m512 v[R];
            for (int q = 0; q < R; q++) v[q] = gelu16(_mm512_maskz_loadu_ps(m, c + (size_t)(r + q) * ldc + j));
            for (int q = 0; q < R; q++) _mm512_mask_storeu_ps(c + (size_t)(r + q) * ldc + j, m, v[q]);
        }
        for (; r < rows; r++) {
            float *p = c + (size_t)r * ldc + j;
            _mm512_mask_storeu_ps(p, m, gelu16(_mm512_maskz_loadu_ps(m, p)));
        }
    }
}

// Two passes over the row like the scalar form (mean, then centred variance), so the
// result does not suffer E[x²] − E[x]² cancellation; the row is in L1 by the second pass.
RB_TARGET_AVX2
static void layer_norm_avx2(float *x, int n, const float *res, const float *g, const float *b, float eps) {
    int n8 = n & ~7;
    __m256 s = _mm256_setzero_ps();
    float tail = 0;
    for (int i = 0; i < n8; i += 8) {
        __m256 v = _mm256_loadu_ps(x + i);
        if (res) { v = _mm256_add_ps(v, _mm256_loadu_ps(res + i)); _mm256_storeu_ps(x + i, v); }
        s = _mm256_add_ps(s, v);
    }
    for (int i = n8; i < n; i++) { if (res) x[i] += res[i]; tail += x[i]; }
    float mean = (hsum8(s) + tail) / n;
    __m256 vm = _mm256_set1_ps(mean), q = _mm256_setzero_ps();
    tail = 0;
    for (int i = 0; i < n8; i += 8) {
        __m256 d = _mm256_sub_ps(_mm256_loadu_ps(x + i), vm);
        q = _mm256_fmadd_ps(d, d, q);
    }
    for (int i = n8; i < n; i++) { float d = x[i] - mean; tail += d * d; }
    float inv = 1.0f / sqrtf((hsum8(q) + tail) / n + eps);
    __m256 vi = _mm256_set1_ps(inv);
    for (int i = 0; i < n8; i += 8) {
        __m256 d = _mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(x + i), vm), vi);
        _mm256_storeu_ps(x + i, _mm256_fmadd_ps(d, _mm256_loadu_ps(g + i), _mm256_loadu_ps(b + i)));
    }
    for (int i = n8; i < n; i++) x[i] = (x[i] - mean) * inv * g[i] + b[i];
}

RB_TARGET_AVX2
static void softmax_avx2(float *x, int n) {
    int n8 = n & ~7;
    __m256 m8 = _mm256_set1_ps(-INFINITY);
    for (int i = 0; i < n8; i += 8) m8 = _mm256_max_ps(m8, _mm256_loadu_ps(x + i));
    float m = hmax8(m8);
    for (int i = n8; i < n; i++) m = x[i] > m ? x[i] : m;
    // Terms below e^-80 (masked keys sit at -FLT_MAX) are 0, as in PyTorch: left at exp8's floor
    // they would turn subnormal once scaled by 1/sum and slow every later product on Intel cores
    // (a microcode assist per subnormal operand); they are < 1e-34 of the sum, below fp32's reach.
    __m256 vm = _mm256_set1_ps(m), s = _mm256_setzero_ps(), floor = _mm256_set1_ps(RB_SOFTMAX_FLOOR);
    for (int i = 0; i < n8; i += 8) {
        __m256 d = _mm256_sub_ps(_mm256_loadu_ps(x + i), vm);
        __m256 e = _mm256_and_ps(exp8(d), _mm256_cmp_ps(d, floor, _CMP_GE_OQ));
        _mm256_storeu_ps(x + i, e);
        s = _mm256_add_ps(s, e);
    }
    float tail = 0;
    for (int i = n8; i < n; i++) { x[i] = x[i] - m >= RB_SOFTMAX_FLOOR ? expf(x[i] - m) : 0.0f; tail += x[i]; }
    float inv = 1.0f / (hsum8(s) + tail);
    __m256 vi = _mm256_set1_ps(inv);
    for (int i = 0; i < n8; i += 8) _mm256_storeu_ps(x + i, _mm256_mul_ps(_mm256_loadu_ps(x + i), vi));
    for (int i = n8; i < n; i++) x[i] *= inv;
}

#else
// Never called: use_avx2() and use_avx512() are 0 off x86.
static void gelu_avx2(float *x, int n, const float *bias) { gelu_scalar(x, n, bias); }
static void gelu_avx512(float *x, int n, const float *bias) { gelu_scalar(x, n, bias); }
static void layer_norm_avx2(float *x, int n, const float *res, const float *g, const float *b, float eps) { layer_norm_scalar(x, n, res, g, b, eps); }
static void softmax_avx2(float *x, int n) { softmax_scalar(x, n); }
#endif

// ---- public entry points ----

// A CPU check run once: racing first callers store the same value.
static int cached_check(atomic_int *slot, int (*check)(void)) {
    int v = atomic_load_explicit(slot, memory_order_relaxed);
    if (v < 0) atomic_store_explicit(slot, v = check(), memory_order_relaxed);
    return v;
}

static atomic_int has_avx2 = -1, has_avx512 = -1;
static int use_avx2(void) { return cached_check(&has_avx2, rb_cpu_has_avx2_fma); }
static int use_avx512(void) { return cached_check(&has_avx512, rb_cpu_has_avx512f); }

static atomic_int gelu_forced_lanes;  // 0: the widest the CPU runs

int rb_gelu_force_lanes(int lanes) {
    if ((lanes == 16 && !use_avx512()) || (lanes == 8 && !use_avx2()) || (lanes != 0 && lanes != 1 && lanes != 8 && lanes != 16))
        return 0;
    atomic_store_explicit(&gelu_forced_lanes, lanes, memory_order_relaxed);
    return 1;
}

// The widest GELU the CPU runs unless a test forced one (AVX-512 and AVX2 give the same bits).
static void (*gelu_row(void))(float *, int, const float *) {
    switch (atomic_load_explicit(&gelu_forced_lanes, memory_order_relaxed)) {
    case 16: return gelu_avx512;
    case 8: return gelu_avx2;
    case 1: return gelu_scalar;
    default: return use_avx512() ? gelu_avx512 : use_avx2() ? gelu_avx2 : gelu_scalar;
    }
}

void rb_bias_gelu(float *x, int rows, int width, const float *bias) {
    void (*gelu)(float *, int, const float *) = gelu_row();
    for (int r = 0; r < rows; r++) gelu(x + (size_t)r * width, width, bias);
}

void rb_gelu_tile(float *c, int rows, int cols, int ldc) {
    void (*gelu)(float *, int, const float *) = gelu_row();
#ifdef RB_ROWOPS_X86
    if (gelu == gelu_avx512) {
        gelu_tile_avx512(c, rows, cols, ldc);
        return;
    }
#endif
    for (int r = 0; r < rows; r++) gelu(c + (size_t)r * ldc, cols, NULL);
}

void rb_layer_norm(float *x, int rows, int width, const float *residual,
                   const float *gamma, const float *beta, float eps) {
    int v = use_avx2();
    for (int r = 0; r < rows; r++) {
        float *row = x + (size_t)r * width;
        const float *res = residual ? residual + (size_t)r * width : NULL;
        if (v) layer_norm_avx2(row, width, res, gamma, beta, eps);
        else layer_norm_scalar(row, width, res, gamma, beta, eps);
    }
}

void rb_softmax_rows(float *x, int rows, int width) {
    int v = use_avx2();
    for (int r = 0; r < rows; r++) {
        float *row = x + (size_t)r * width;
        if (v) softmax_avx2(row, width); else softmax_scalar(row, width);
    }
}
