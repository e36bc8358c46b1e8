// AMX micro-kernel: a 16 × 48 tile of C in three 16 × 16 fp32 tile registers.
//
// Per 16 k-pairs: one A tile (16 rows × 16 bf16 pairs, 1 KiB), three B tiles read straight
// from the packed panel (16 pair-rows × 16 columns each, row stride 192 bytes: the panel
// layout of internal.h is already AMX's "VNNI" B layout), three tdpbf16ps. Each tdpbf16ps is
// 16·16·32 multiply-adds, 16× a zmm vdpbf16ps, which is where the speed comes from on
// Sapphire Rapids (vdpbf16ps there runs at the fp32 FMA rate, not twice it).
// K blocks that are not a multiple of 16 pairs finish their last pairs with AVX512-BF16 on the
// stored tiles, so the B side never reads past the block.
#include "internal.h"

#if (defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))) && !defined(RB_EMULATE_AVX512)
#include <immintrin.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MR 16
#define TILE_PAIRS 16
#define RB_TARGET_AMX __attribute__((target("amx-tile,amx-bf16,avx512f,avx512bf16,avx512bw,avx512vl")))

// dst[0, 2·kp) = bf16(row[2·p0 + j]), zeros past the true width k: rb_round_pairs_bf16 with
// vcvtne2ps2bf16, 32 values an instruction (the scalar loop was 11 % of a bf16 forward pass).
// Same rounding (nearest even) except that fp32 subnormals become 0, as the instruction defines.
RB_TARGET_AMX
static void round_pairs_avx512(const float *row, int k, int p0, int kp, uint16_t *dst) {
    const int k0 = 2 * p0, n = 2 * kp, have = k - k0 < n ? k - k0 : n;
    const float *src = row + k0;
    for (int j = 0; j < n; j += 32) {
        const __m512bh v = _mm512_cvtne2ps_pbh(_mm512_maskz_loadu_ps(rb_lane_mask16(have - j - 16), src + j + 16),
                                               _mm512_maskz_loadu_ps(rb_lane_mask16(have - j), src + j));
        const int left = n - j;
        const __mmask32 m = left >= 32 ? 0xffffffffu : (__mmask32)((1ull << left) - 1);
        _mm512_mask_storeu_epi16(dst + j, m, (__m512i)v);
    }
}

// A tile: blocks of 16 pairs, each [row][16 pairs] 32-bit bf16 pairs (1 KiB, so a tile load
// reads 16 consecutive 64-byte rows); the last block of a K block that is not a multiple of
// 16 pairs is [row][kp % 16]. Contiguous tiles load faster from L2 than rows strided by the
// whole K block (4·kp bytes).
static void pack_a_rows(const float *x, int ldx, int k, int mr, int p0, int kp, void *dst) {
    unsigned char *a = dst;
    const int k0 = 2 * p0, width = k - k0 < 2 * kp ? k - k0 : 2 * kp;
    for (int i = 0; i < MR; i++) {
        // The activations come from L3 (the previous op's output): ask for the next row's
        // segment while this one is rounded, or each row starts with a cold miss.
        if (i + 1 < mr)
            for (int j = 0; j < width; j += 16) _mm_prefetch((const char *)(x + (size_t)(i + 1) * ldx + k0 + j), _MM_HINT_T0);
        for (int q = 0; q < kp; q += TILE_PAIRS) {
            const int w = kp - q < TILE_PAIRS ? kp - q : TILE_PAIRS;
            uint16_t *row = (uint16_t *)(a + 64L * q + 4L * w * i);
            if (i < mr) round_pairs_avx512(x + (size_t)i * ldx, k, p0 + q, w, row);
            else memset(row, 0, 4L * w);
        }
    }
}

// palette 1: tiles 0–2 accumulate C, 3 holds A, 4–6 hold B; every tile 16 rows × 64 bytes.
typedef struct {
    uint8_t palette_id, start_row, reserved[14];
    uint16_t colsb[16];
    uint8_t rows[16];
} __attribute__((packed)) tile_config;

// Tile configuration is per thread state; it is loaded once per thread and never released.
static __thread int configured;

RB_TARGET_AMX
static void configure(void) {
    tile_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.palette_id = 1;
    for (int t = 0; t < 7; t++) {
        cfg.colsb[t] = 64;
        cfg.rows[t] = 16;
    }
    _tile_loadconfig(&cfg);
    configured = 1;
}

// The 16-pair steps of the K block, accumulating into tiles 0–2.
RB_TARGET_AMX
static inline void multiply_tiles(int full, const unsigned char *a, const uint16_t *b) {
    const long ldb = RB_PANEL_PAIR * 2;
    for (int p = 0; p < full; p += TILE_PAIRS) {
        const unsigned char *bp = (const unsigned char *)(b + (size_t)p * RB_PANEL_PAIR);
        _tile_loadd(3, a + 64L * p, 64);
        _tile_loadd(4, bp, ldb);
        _tile_loadd(5, bp + 64, ldb);
        _tile_loadd(6, bp + 128, ldb);
        _tile_dpbf16ps(0, 3, 4);
        _tile_dpbf16ps(1, 3, 5);
        _tile_dpbf16ps(2, 3, 6);
    }
}

RB_TARGET_AMX
static void kernel(int kp, const void *av, const uint16_t *b, float *c, int ldc,
                   int mr, int nr, const float *bias, int first) {
    if (!configured) configure();
    const unsigned char *a = av;
    const int full = kp / TILE_PAIRS * TILE_PAIRS;
    if (mr == MR && nr == RB_NR && full == kp) {
        // A whole tile: C (or the bias, a stride-0 load repeating it on every row) goes straight
        // into the accumulators and back, with no staging buffer and no epilogue loop.
        const long ldcb = 4L * ldc;
        if (!first) {
            _tile_loadd(0, c, ldcb);
            _tile_loadd(1, c + 16, ldcb);
            _tile_loadd(2, c + 32, ldcb);
        } else if (bias) {
            _tile_loadd(0, bias, 0);
            _tile_loadd(1, bias + 16, 0);
            _tile_loadd(2, bias + 32, 0);
        } else {
            _tile_zero(0);
            _tile_zero(1);
            _tile_zero(2);
        }
        multiply_tiles(full, a, b);
        _tile_stored(0, c, ldcb);
        _tile_stored(1, c + 16, ldcb);
        _tile_stored(2, c + 32, ldcb);
        return;
    }
    _tile_zero(0);
    _tile_zero(1);
    _tile_zero(2);
    multiply_tiles(full, a, b);
    float acc[MR * RB_NR] __attribute__((aligned(64)));
    _tile_stored(0, acc, RB_NR * 4);
    _tile_stored(1, acc + 16, RB_NR * 4);
    _tile_stored(2, acc + 32, RB_NR * 4);

    for (int p = full; p < kp; p++) {
        const uint16_t *bp = b + (size_t)p * RB_PANEL_PAIR;
        const __m512bh b0 = (__m512bh)_mm512_load_si512((const void *)bp);
        const __m512bh b1 = (__m512bh)_mm512_load_si512((const void *)(bp + 32));
        const __m512bh b2 = (__m512bh)_mm512_load_si512((const void *)(bp + 64));
        for (int i = 0; i < mr; i++) {
            uint32_t w;
            memcpy(&w, a + 64L * full + 4L * (kp - full) * i + 4L * (p - full), 4);
            const __m512bh ai = (__m512bh)_mm512_set1_epi32((int)w);
            float *r = acc + i * RB_NR;
            _mm512_store_ps(r, _mm512_dpbf16_ps(_mm512_load_ps(r), ai, b0));
            _mm512_store_ps(r + 16, _mm512_dpbf16_ps(_mm512_load_ps(r + 16), ai, b1));
            _mm512_store_ps(r + 32, _mm512_dpbf16_ps(_mm512_load_ps(r + 32), ai, b2));
        }
    }

    __mmask16 m[3];
    for (int j = 0; j < 3; j++) m[j] = rb_lane_mask16(nr - 16 * j);
    for (int i = 0; i < mr; i++) {
        float *ci = c + (size_t)i * ldc;
        for (int j = 0; j < 3 && m[j]; j++) {
            __m512 v = _mm512_load_ps(acc + i * RB_NR + 16 * j);
            if (!first) v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(m[j], ci + 16 * j));
            else if (bias) v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(m[j], bias + 16 * j));
            _mm512_mask_storeu_ps(ci + 16 * j, m[j], v);
        }
    }
}

const rb_path rb_path_amx = {"amx", MR, MR * 4, pack_a_rows, kernel};

// Linux hands out AMX tile state only to processes that ask for it (arch_prctl
// ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA = 18); without it the first tile instruction faults.
int rb_request_amx_permission(void) {
    return syscall(SYS_arch_prctl, 0x1023, 18) == 0;
}
#else
const rb_path rb_path_amx = {"amx", 0, 0, 0, 0};
int rb_request_amx_permission(void) { return 0; }
#endif
