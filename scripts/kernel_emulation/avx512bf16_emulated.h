// Scalar stand-ins for the AVX-512 intrinsics kernel_avx512bf16.c uses, following Intel's
// pseudo-code (vdpbf16ps: odd element product added first, then even; fp32 rounding each
// step; denormal bf16 inputs and fp32 results flushed to zero).
#include <stdint.h>
#include <string.h>
#include <math.h>

typedef struct { float f[16]; } __m512;
typedef struct { uint32_t u[16]; } __m512i;
typedef struct { uint32_t u[16]; } rb_emu_bh;
typedef uint16_t __mmask16;

#define RB_BH(v) rb_emu_as_bh(v)
static inline rb_emu_bh rb_emu_as_bh(__m512i v) { rb_emu_bh r; memcpy(&r, &v, 64); return r; }

static inline __m512 _mm512_setzero_ps(void) { __m512 r; memset(&r, 0, 64); return r; }
static inline __m512i _mm512_load_si512(const void *p) {
    if ((uintptr_t)p % 64) __builtin_trap();  // the real aligned load would fault
    __m512i r; memcpy(&r, p, 64); return r;
}
static inline __m512i _mm512_set1_epi32(int v) { __m512i r; for (int i = 0; i < 16; i++) r.u[i] = (uint32_t)v; return r; }
static inline float rb_emu_daz(float x) { return fpclassify(x) == FP_SUBNORMAL ? copysignf(0.0f, x) : x; }
static inline float rb_emu_bf(uint16_t h) { uint32_t u = (uint32_t)h << 16; float f; memcpy(&f, &u, 4); return rb_emu_daz(f); }
static inline __m512 _mm512_dpbf16_ps(__m512 src, rb_emu_bh a, rb_emu_bh b) {
    for (int i = 0; i < 16; i++) {
        volatile float t = src.f[i] + rb_emu_bf((uint16_t)(a.u[i] >> 16)) * rb_emu_bf((uint16_t)(b.u[i] >> 16));
        t = rb_emu_daz(t);
        volatile float d = t + rb_emu_bf((uint16_t)a.u[i]) * rb_emu_bf((uint16_t)b.u[i]);
        src.f[i] = rb_emu_daz(d);
    }
    return src;
}
static inline __m512 _mm512_maskz_loadu_ps(__mmask16 m, const float *p) {
    __m512 r; for (int i = 0; i < 16; i++) r.f[i] = (m >> i) & 1 ? p[i] : 0.0f; return r;
}
static inline __m512 _mm512_add_ps(__m512 a, __m512 b) { for (int i = 0; i < 16; i++) a.f[i] += b.f[i]; return a; }
static inline void _mm512_mask_storeu_ps(float *p, __mmask16 m, __m512 v) {
    for (int i = 0; i < 16; i++) if ((m >> i) & 1) p[i] = v.f[i];
}
