// bf16 attention on AMX: scores, softmax and context per (batch row, head) in one pass through
// small per-thread buffers, with q, k, v and the probabilities rounded to bf16 (fp32 sums and an
// fp32 softmax), what PyTorch's bf16 autocast computes.
//
// A block is one batch row's run of heads. Each row of its q, k and v is read once, as one
// contiguous run, and rounded: q to row-major bf16 per head (the A operand of q·kᵀ); k to
// row-major bf16, then transposed to [pair of head dims][key] words per head (the B operand;
// 16 × 16 word transposes); v to [pair of keys][head dim] words (the B operand of P·v, two key
// rows interleaved). Then per head: scores into an fp32 buffer, the softmax rounds P into the A
// operand of P·v, and the context is stored through a 32 × 32 stage into its [batch, queries,
// heads·d] place. Every buffer is padded to multiples of 32 and zeroed once per call; padding is
// never written afterwards, so padded keys have P = 0 and padded head dims add nothing.
#include <float.h>
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include "CRoCBertKernels.h"
#include "internal.h"
#include "vector_exp.h"

#if (defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))) && !defined(RB_EMULATE_AVX512)
#include <immintrin.h>

#define RB_TARGET_AMX __attribute__((target("amx-tile,amx-bf16,avx512f,avx512bf16,avx512bw,avx512vl")))

typedef struct {
    const float *q, *k, *v, *keep, *head_scale;
    float *context;
    long kv_stride;
    int batch, queries, keys, heads, d, causal, past;
    int q32, k32, d32;  // queries, keys and d rounded up to 32
    int group;          // heads per block: a block is one batch row's run of `group` heads
    _Alignas(64) atomic_int next;  // a line of its own: the workers' reads of the fields above stay shared
} attention_call;

// One worker's buffers for a call (zeroed once; see the file comment). The operands of a block's
// heads are rounded together, reading each row of q, k and v as one contiguous run.
typedef struct {
    uint16_t *aq;   // [group][q32][d32] bf16 q per head
    uint16_t *kb;   // [keys][group · d32] bf16 k, row-major: the source of bk's transposes
    uint32_t *bk;   // [group][d32 / 2][k32] pairs of bf16 k (head dims 2p, 2p + 1)
    uint32_t *bv;   // [group][k32 / 2][d32] pairs of bf16 v (keys 2p, 2p + 1)
    float *s;       // [q32][k32] fp32 scores of one head
    float *e;       // [4][k32] the softmax's working rows
    uint16_t *ap;   // [q32][k32] bf16 probabilities of one head
    float *bias;    // [keys] the mask's additive bias of the current batch row
    float stage[32 * 32] __attribute__((aligned(64)));
} attention_buffers;

static inline int round32(int n) { return (n + 31) / 32 * 32; }

// Transposes 16 rows of 16 words: r[i][j] → r[j][i].
RB_TARGET_AMX
static void transpose16(__m512i r[16]) {
    __m512i t[16];
    for (int i = 0; i < 16; i += 2) {
        t[i] = _mm512_unpacklo_epi32(r[i], r[i + 1]);
        t[i + 1] = _mm512_unpackhi_epi32(r[i], r[i + 1]);
    }
    for (int i = 0; i < 16; i += 4) {
        r[i] = _mm512_unpacklo_epi64(t[i], t[i + 2]);
        r[i + 1] = _mm512_unpackhi_epi64(t[i], t[i + 2]);
        r[i + 2] = _mm512_unpacklo_epi64(t[i + 1], t[i + 3]);
        r[i + 3] = _mm512_unpackhi_epi64(t[i + 1], t[i + 3]);
    }
    // Each 128-bit lane L of r[4g + c] now holds column 4L + c of rows 4g .. 4g + 3.
    for (int c = 0; c < 4; c++) {
        const __m512i a01 = _mm512_shuffle_i32x4(r[c], r[4 + c], 0x44);       // lanes 0, 1 of rows 0-3, 4-7
        const __m512i a23 = _mm512_shuffle_i32x4(r[c], r[4 + c], 0xee);       // lanes 2, 3
        const __m512i b01 = _mm512_shuffle_i32x4(r[8 + c], r[12 + c], 0x44);  // rows 8-11, 12-15
        const __m512i b23 = _mm512_shuffle_i32x4(r[8 + c], r[12 + c], 0xee);
        t[c] = _mm512_shuffle_i32x4(a01, b01, 0x88);        // lane 0 of all rows: column c
        t[4 + c] = _mm512_shuffle_i32x4(a01, b01, 0xdd);    // lane 1: column 4 + c
        t[8 + c] = _mm512_shuffle_i32x4(a23, b23, 0x88);    // lane 2: column 8 + c
        t[12 + c] = _mm512_shuffle_i32x4(a23, b23, 0xdd);   // lane 3: column 12 + c
    }
    for (int i = 0; i < 16; i++) r[i] = t[i];
}

// 32 floats at src (the first n of them; zeros after) rounded to bf16: 16 words of pairs.
RB_TARGET_AMX
static inline __m512i round_pairs(const float *src, int n) {
    return (__m512i)_mm512_cvtne2ps_pbh(_mm512_maskz_loadu_ps(rb_lane_mask16(n - 16), src + 16),
                                        _mm512_maskz_loadu_ps(rb_lane_mask16(n), src));
}

// Heads [h0, h0 + heads) of batch row b: q, k and v into the A and B operand layouts. Each row of
// q, k and v is read as one run over the heads (per-head slices, 256 bytes every 3 KiB, left the
// kernel waiting on memory: 27 µs per head from L3 against 11 µs with the data in cache).
RB_TARGET_AMX
static void round_operands(const attention_call *c, attention_buffers *m, int b, int h0, int heads) {
    const int hd = c->heads * c->d, d = c->d, d32 = c->d32, k32 = c->k32, width = heads * d32;
    const float *q = c->q + ((size_t)b * c->queries) * hd + (size_t)h0 * d;
    const float *k = c->k + (size_t)b * c->kv_stride + (size_t)h0 * d;
    const float *v = c->v + (size_t)b * c->kv_stride + (size_t)h0 * d;
    for (int i = 0; i < c->queries; i++)
        for (int h = 0; h < heads; h++)
            for (int j = 0; j < d; j += 32)
                _mm512_store_si512((void *)(m->aq + ((size_t)h * c->q32 + i) * d32 + j),
                                   round_pairs(q + (size_t)i * hd + (size_t)h * d + j, d - j));
    for (int n = 0; n < c->keys; n++)
        for (int h = 0; h < heads; h++)
            for (int j = 0; j < d; j += 32)
                _mm512_store_si512((void *)(m->kb + (size_t)n * width + h * d32 + j),
                                   round_pairs(k + (size_t)n * hd + (size_t)h * d + j, d - j));
    const uint32_t *kw = (const uint32_t *)m->kb;
    for (int n0 = 0; n0 < c->keys; n0 += 16)
        for (int w = 0; w < width / 2; w += 16) {
            __m512i r[16];
            for (int t = 0; t < 16; t++)
                r[t] = n0 + t < c->keys ? _mm512_load_si512((const void *)(kw + (size_t)(n0 + t) * (width / 2) + w))
                                        : _mm512_setzero_si512();
            transpose16(r);
            // Word w of a kb row is pair w % (d32 / 2) of head w / (d32 / 2), which is row w of bk
            // ([group][d32 / 2][k32] read as [group · d32 / 2][k32]).
            uint32_t *dst = m->bk + (size_t)w * k32 + n0;
            for (int p = 0; p < 16; p++) _mm512_store_si512((void *)(dst + (size_t)p * k32), r[p]);
        }
    for (int p = 0; 2 * p < c->keys; p++) {
        const float *v0 = v + (size_t)(2 * p) * hd, *v1 = v0 + hd;
        const int second = 2 * p + 1 < c->keys;
        for (int h = 0; h < heads; h++)
            for (int j = 0; j < d; j += 16) {
                const __mmask16 lanes = rb_lane_mask16(d - j);
                const __m512i lo = _mm512_cvtepu16_epi32((__m256i)_mm512_cvtneps_pbh(_mm512_maskz_loadu_ps(lanes, v0 + h * d + j)));
                const __m512i hi = second ? _mm512_cvtepu16_epi32((__m256i)_mm512_cvtneps_pbh(_mm512_maskz_loadu_ps(lanes, v1 + h * d + j)))
                                          : _mm512_setzero_si512();
                _mm512_mask_storeu_epi32(m->bv + ((size_t)h * (k32 / 2) + p) * d32 + j, lanes,
                                         _mm512_or_si512(lo, _mm512_slli_epi32(hi, 16)));
            }
    }
}

// c (32 × 32 fp32 at row stride ldc bytes; rows 16-31 only when two) = A · B over `steps` steps of
// 16 pairs: A tiles at a (row stride lda bytes, 64 bytes per step), B tiles at b (row stride ldb
// bytes, 16 rows per step, the second 16 columns 64 bytes on).
RB_TARGET_AMX
static void tile_product(const unsigned char *a, long lda, const unsigned char *b, long ldb, int steps, int two,
                         float *c, long ldc) {
    _tile_zero(0);
    _tile_zero(1);
    _tile_zero(2);
    _tile_zero(3);
    for (int s = 0; s < steps; s++) {
        _tile_loadd(4, a + 64L * s, lda);
        _tile_loadd(6, b + 16 * ldb * s, ldb);
        _tile_loadd(7, b + 16 * ldb * s + 64, ldb);
        _tile_dpbf16ps(0, 4, 6);
        _tile_dpbf16ps(1, 4, 7);
        if (two) {
            _tile_loadd(5, a + 16 * lda + 64L * s, lda);
            _tile_dpbf16ps(2, 5, 6);
            _tile_dpbf16ps(3, 5, 7);
        }
    }
    _tile_stored(0, c, ldc);
    _tile_stored(1, c + 16, ldc);
    if (two) {
        _tile_stored(2, (float *)((char *)c + 16 * ldc), ldc);
        _tile_stored(3, (float *)((char *)c + 16 * ldc) + 16, ldc);
    }
}

// Rows [i, i + 4) of the scores (the last row repeated past the queries): s / √d + the mask's
// bias, softmax, times the head's scale, rounded into the same rows of ap. Keys at or past a
// row's `visible` are masked as the causal triangle masks them. Four rows run side by side so
// their horizontal max and sum (latency chains of ~30 cycles each) overlap.
RB_TARGET_AMX
static void softmax_rows4(const attention_call *c, attention_buffers *m, int i, float head_scale) {
    enum { R = 4 };
    const int keys = c->keys;
    const __m512 inv = _mm512_set1_ps(1.0f / sqrtf((float)c->d)), lowest = _mm512_set1_ps(-FLT_MAX);
    const float *s[R];
    float *e[R];
    int visible[R];
    __m512 top[R], sum[R];
    for (int r = 0; r < R; r++) {
        const int row = i + r < c->queries ? i + r : c->queries - 1;
        s[r] = m->s + (size_t)row * c->k32;
        e[r] = m->e + (size_t)r * c->k32;
        visible[r] = c->causal ? c->past + row + 1 : keys;
        top[r] = _mm512_set1_ps(-INFINITY);
        sum[r] = _mm512_setzero_ps();
    }
    for (int n = 0; n < keys; n += 16) {
        const __mmask16 lanes = rb_lane_mask16(keys - n);
        const __m512 bias = c->keep ? _mm512_maskz_loadu_ps(lanes, m->bias + n) : _mm512_setzero_ps();
        for (int r = 0; r < R; r++) {
            // A key the causal triangle hides gets −FLT_MAX once, whatever its keep value (as the fp32 path).
            const __m512 x = _mm512_add_ps(_mm512_mul_ps(_mm512_maskz_loadu_ps(lanes, s[r] + n), inv),
                                           _mm512_mask_mov_ps(bias, (__mmask16)~rb_lane_mask16(visible[r] - n), lowest));
            _mm512_store_ps(e[r] + n, x);
            top[r] = _mm512_mask_max_ps(top[r], lanes, top[r], x);
        }
    }
    for (int r = 0; r < R; r++) top[r] = _mm512_set1_ps(_mm512_reduce_max_ps(top[r]));
    for (int n = 0; n < keys; n += 16) {
        const __mmask16 lanes = rb_lane_mask16(keys - n);
        for (int r = 0; r < R; r++) {
            const __m512 x = _mm512_sub_ps(_mm512_load_ps(e[r] + n), top[r]);
            const __m512 y = _mm512_maskz_mov_ps(lanes & _mm512_cmp_ps_mask(x, _mm512_set1_ps(RB_SOFTMAX_FLOOR), _CMP_GE_OQ), exp16(x));
            _mm512_store_ps(e[r] + n, y);
            sum[r] = _mm512_add_ps(sum[r], y);
        }
    }
    for (int r = 0; r < R; r++) sum[r] = _mm512_set1_ps(head_scale / _mm512_reduce_add_ps(sum[r]));
    for (int r = 0; r < R && i + r < c->queries; r++) {
        uint16_t *p = m->ap + (size_t)(i + r) * c->k32;
        for (int n = 0; n < keys; n += 16)
            _mm256_mask_storeu_epi16(p + n, rb_lane_mask16(keys - n),
                                     (__m256i)_mm512_cvtneps_pbh(_mm512_mul_ps(_mm512_load_ps(e[r] + n), sum[r])));
    }
}

// Head h0 + g of batch row b, its operands already rounded into slot g.
RB_TARGET_AMX
static void attend_head(const attention_call *c, attention_buffers *m, int b, int h0, int g) {
    const int hd = c->heads * c->d, h = h0 + g;
    const uint16_t *aq = m->aq + (size_t)g * c->q32 * c->d32;
    const uint32_t *bk = m->bk + (size_t)g * (c->d32 / 2) * c->k32, *bv = m->bv + (size_t)g * (c->k32 / 2) * c->d32;
    const long s_row = 4L * c->k32;
    for (int i = 0; i < c->queries; i += 32) {
        const int two = c->queries - i > 16;
        for (int n = 0; n < c->k32; n += 32)
            tile_product((const unsigned char *)(aq + (size_t)i * c->d32), 2L * c->d32,
                         (const unsigned char *)(bk + n), s_row, c->d32 / 32, two, m->s + (size_t)i * c->k32 + n, s_row);
    }
    const float scale = c->head_scale ? c->head_scale[h] : 1.0f;
    for (int i = 0; i < c->queries; i += 4) softmax_rows4(c, m, i, scale);
    for (int i = 0; i < c->queries; i += 32) {
        const int rows = c->queries - i < 32 ? c->queries - i : 32;
        for (int j = 0; j < c->d; j += 32) {
            tile_product((const unsigned char *)(m->ap + (size_t)i * c->k32), 2L * c->k32,
                         (const unsigned char *)(bv + j), 4L * c->d32, c->k32 / 32, rows > 16, m->stage, 128);
            float *out = c->context + ((size_t)b * c->queries + i) * hd + (size_t)h * c->d + j;
            const __mmask16 lo = rb_lane_mask16(c->d - j), hi = rb_lane_mask16(c->d - j - 16);
            for (int r = 0; r < rows; r++, out += hd) {
                _mm512_mask_storeu_ps(out, lo, _mm512_load_ps(m->stage + 32 * r));
                _mm512_mask_storeu_ps(out + 16, hi, _mm512_load_ps(m->stage + 32 * r + 16));
            }
        }
    }
}

static void *zeroed(size_t bytes) {
    void *p = aligned_alloc(64, (bytes + 63) / 64 * 64);
    if (!p) abort();
    return memset(p, 0, bytes);
}

RB_TARGET_AMX
static void run_blocks(void *ctx) {
    attention_call *c = ctx;
    const int g = c->group, per_row = (c->heads + g - 1) / g;
    attention_buffers *m = zeroed(sizeof *m);
    m->aq = zeroed(sizeof(uint16_t) * g * c->q32 * c->d32);
    m->kb = zeroed(sizeof(uint16_t) * c->keys * g * c->d32);
    m->bk = zeroed(sizeof(uint32_t) * g * c->d32 / 2 * c->k32);
    m->bv = zeroed(sizeof(uint32_t) * g * c->k32 / 2 * c->d32);
    m->s = zeroed(sizeof(float) * c->q32 * c->k32);
    m->e = zeroed(sizeof(float) * 4 * c->k32);
    m->ap = zeroed(sizeof(uint16_t) * c->q32 * c->k32);
    m->bias = zeroed(sizeof(float) * c->keys);
    rb_amx_configure();
    int bias_row = -1;
    for (;;) {
        const int block = atomic_fetch_add_explicit(&c->next, 1, memory_order_relaxed);
        if (block >= c->batch * per_row) break;
        const int b = block / per_row, h0 = block % per_row * g, heads = c->heads - h0 < g ? c->heads - h0 : g;
        if (c->keep && b != bias_row) {
            // The reference's (1 − keep) · finfo.min, left out where keep is 1.
            const float *keep = c->keep + (size_t)b * c->keys;
            for (int n = 0; n < c->keys; n++) m->bias[n] = keep[n] == 1.0f ? 0.0f : (1.0f - keep[n]) * -FLT_MAX;
            bias_row = b;
        }
        round_operands(c, m, b, h0, heads);
        for (int h = 0; h < heads; h++) attend_head(c, m, b, h0, h);
    }
    free(m->aq);
    free(m->kb);
    free(m->bk);
    free(m->bv);
    free(m->s);
    free(m->e);
    free(m->ap);
    free(m->bias);
    free(m);
}

int rb_attention_bf16(const float *q, const float *k, const float *v, long kv_stride, int batch, int queries, int keys,
                      int heads, int d, const float *keep, int causal, int past, const float *head_scale, float *context) {
    if (rb_current_path() != &rb_path_amx || keys <= 0) return 0;
    if (batch <= 0 || queries <= 0 || heads <= 0 || d <= 0) return 1;
    attention_call c = {.q = q, .k = k, .v = v, .keep = keep, .head_scale = head_scale, .context = context,
                        .kv_stride = kv_stride, .batch = batch, .queries = queries, .keys = keys, .heads = heads,
                        .d = d, .causal = causal, .past = past,
                        .q32 = round32(queries), .k32 = round32(keys), .d32 = round32(d)};
    atomic_init(&c.next, 0);
    // Below ~4 MFLOP a second thread costs more than it saves (as for the Linear products).
    const double flops = 4.0 * batch * heads * (double)queries * keys * d;
    const int threads = flops < 4e6 ? 1 : rb_get_num_threads();
    // Whole batch rows per block when there are four or more per thread, else rows cut into runs of heads.
    const int per_row = batch >= 4 * threads ? 1 : (4 * threads + batch - 1) / batch;
    c.group = (heads + per_row - 1) / per_row;
    const int blocks = batch * ((heads + c.group - 1) / c.group);
    rb_parallel(run_blocks, &c, (threads < blocks ? threads : blocks) - 1);
    return 1;
}
#else
int rb_attention_bf16(const float *q, const float *k, const float *v, long kv_stride, int batch, int queries, int keys,
                      int heads, int d, const float *keep, int causal, int past, const float *head_scale, float *context) {
    return 0;
}
#endif
