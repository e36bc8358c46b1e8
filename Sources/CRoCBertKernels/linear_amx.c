// AMX path: its own weight layout and driver, the shape of oneDNN's brgemm kernels.
//
// C is computed in 32 × 32 blocks, each summed over the whole K in four 16 × 16 fp32 tile
// registers (2 A tiles × 2 B tiles: 4 tile loads per 4 tdpbf16ps) and stored once. A is x
// rounded to bf16 in plain row-major order (each row padded to a multiple of 32 values), read
// by tile loads with the row stride; no A packing beyond the rounding. While a block's
// tdpbf16ps run in the tile unit, the vector units finish the block before it (GELU, and for
// the feed-forward block the rounding to bf16), so the epilogue costs little.
// For K a multiple of 32 (every encoder product) each element is summed in the same order as
// by the 16 × 48 K-blocked kernel this replaced, so the results are the same bits; the
// speed-up is in the kernel README.
// bf16x3 weights (rb_pack_weights_bf16x3) carry a second plane, lo = bf16(w - hi), beside each
// 16-pair step of hi, and x is split the same way when it is rounded: each step then runs
// hi·hi, lo·hi and hi·lo into the same accumulators, fp32-class accuracy from bf16 products.
#include <stdatomic.h>
#include <stdlib.h>
#include "CRoCBertKernels.h"
#include "internal.h"

#if (defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))) && !defined(RB_EMULATE_AVX512)
#include <immintrin.h>
#include <sys/syscall.h>
#include <unistd.h>

#define RB_TARGET_AMX __attribute__((target("amx-tile,amx-bf16,avx512f,avx512bf16,avx512bw,avx512vl")))
#define BLOCK 32          // rows and columns of one C block
#define STEP_PAIRS 16     // k-pairs per tile (16 rows of B, 64 bytes of an A row)
#ifndef GROUP_BYTES
#define GROUP_BYTES (1 << 20)  // B of the column blocks one row block runs through: stays in L2
#endif
#ifndef X3_K_STEPS
#define X3_K_STEPS 8  // bf16x3: steps per K block (a row block's A hi and lo: 32 KiB, in L1)
#endif

static inline int min_int(int a, int b) { return a < b ? a : b; }

// Planes per 16-pair step: hi, and for bf16x3 lo beside it (weights and A alike).
static inline int planes(const rb_packed_bf16 *w) { return w->x3 ? 2 : 1; }

// Row stride (bf16 values) of the A buffer w reads: its padded pairs in every plane, in whole
// 64-byte lines (the fused FFN writes its intermediate with the second weight's). A stride of 16·2ⁿ lines puts the 32 rows a block's A tiles read in 4 or fewer of L1's 64 sets
// (K = 3072: 96 lines, 2 sets; bf16x3 at K = 3072: 192 lines, one set), so such strides get one
// line more. Alternated in one process, one thread: +9-22 % on bf16x3 at K = 3072, no change
// beyond noise (±10 %) on bf16 at K = 3072 or bf16x3 at K = 768; bf16 at K = 768 (24 lines,
// 8 sets) keeps its stride.
static int a_stride(const rb_packed_bf16 *w) {
    const int lines = (2 * planes(w) * w->pairs + 31) / 32;
    return 32 * (lines % 16 == 0 ? lines + 1 : lines);
}

// Weight layout: [column block j][step s of 16 k-pairs][plane q][16 pairs][32 columns][2] bf16,
// one plane (hi = bf16(w)) or for bf16x3 two (hi, then lo = bf16(w - hi)), so the B tile of
// columns 16t..16t+15 in step s and plane q starts at element ((s·planes + q)·16·32 + 16t)·2,
// row stride 128 bytes. With one plane this is [block][pair][32][2]; the two planes of a step
// sit together so the step streams one contiguous 4 KiB.
static int pack_weights(const float *w, rb_packed_bf16 *p) {
    const int step_planes = planes(p);
    const int pairs16 = (p->pairs + STEP_PAIRS - 1) / STEP_PAIRS * STEP_PAIRS;
    const int blocks = (p->out + BLOCK - 1) / BLOCK;
    const size_t bytes = (size_t)blocks * pairs16 * BLOCK * 2 * step_planes * sizeof(uint16_t);
    p->data = aligned_alloc(64, bytes);
    if (!p->data) return 0;
    memset(p->data, 0, bytes);
    p->panels = blocks;
    p->pairs = pairs16;
    for (int c = 0; c < p->out; c++) {
        uint16_t *col = p->data + (size_t)(c / BLOCK) * pairs16 * BLOCK * 2 * step_planes + (c % BLOCK) * 2;
        const float *row = w + (size_t)c * p->in;
        for (int k = 0; k < p->in; k++) {
            const int pair = k >> 1;
            uint16_t *at = col + ((size_t)(pair / STEP_PAIRS * step_planes) * STEP_PAIRS + pair % STEP_PAIRS) * BLOCK * 2 + (k & 1);
            at[0] = rb_f32_to_bf16(row[k]);
            if (p->x3) at[STEP_PAIRS * BLOCK * 2] = rb_f32_to_bf16(row[k] - rb_bf16_to_f32(at[0]));
        }
    }
    return 1;
}

// Tile configuration is per thread state; it is loaded once per thread and never released.
static __thread int configured;

// Every AMX kernel here uses one configuration: eight tiles of 16 rows × 64 bytes.
RB_TARGET_AMX
static void configure(void) {
    struct {
        uint8_t palette_id, start_row, reserved[14];
        uint16_t colsb[16];
        uint8_t rows[16];
    } __attribute__((packed)) cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.palette_id = 1;
    for (int t = 0; t < 8; t++) {
        cfg.colsb[t] = 64;
        cfg.rows[t] = 16;
    }
    _tile_loadconfig(&cfg);
    configured = 1;
}

void rb_amx_configure(void) {
    if (!configured) configure();
}

typedef struct {
    const float *x;
    const rb_packed_bf16 *w;
    const float *bias;
    float *y;
    int rows, gelu;
    uint16_t *a;        // bf16 x, [rows rounded up to 32][lda], zero past the true width
    int lda;            // bf16 per row of a: 2 · padded pairs (a multiple of 32), twice that for x3
                        // (each 32 values as hi, then lo: the weights' step-and-plane order)
    int rounded;        // a was given already rounded (the bf16 output of an earlier product)
    int keep_a;         // leave the rounded x in a for the caller's next product (the caller frees it)
    uint16_t *h;        // instead of y: bf16 output in the next product's A layout, row stride ldh
    int ldh;
    int k_steps;        // steps per K block (partial sums kept between them), or every step
    int k_outer;        // K blocks outermost in a run (deep K), else innermost per row block
    int by_rows;        // chunks are runs of row blocks (else runs of column blocks over all rows)
    int chunk_rows, chunk_blocks, chunks, group;
    atomic_int next;
} amx_call;

// The bf16 lo parts of 32 values v0 (first 16), v1 whose hi parts are hi: bf16(v - hi), exact
// differences rounded once.
RB_TARGET_AMX
static inline __m512i split_lo(__m512 v0, __m512 v1, __m512i hi) {
    const __m512 h0 = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm512_castsi512_si256(hi)), 16));
    const __m512 h1 = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm512_extracti64x4_epi64(hi, 1)), 16));
    return (__m512i)_mm512_cvtne2ps_pbh(_mm512_sub_ps(v1, h1), _mm512_sub_ps(v0, h0));
}

// 32 values from v0 (first 16) and v1 rounded to bf16 at dst, and for x3 their lo parts after them.
RB_TARGET_AMX
static inline void store_rounded(uint16_t *dst, __m512 v0, __m512 v1, int x3) {
    const __m512i hi = (__m512i)_mm512_cvtne2ps_pbh(v1, v0);
    _mm512_store_si512((void *)dst, hi);
    if (x3) _mm512_store_si512((void *)(dst + 32), split_lo(v0, v1, hi));
}

// Rows [r0, r1) of x rounded to bf16 into a (rows at or past call->rows, and columns past the
// true width, become 0). vcvtne2ps2bf16 rounds to nearest even like rb_f32_to_bf16, except that
// fp32 subnormals become 0.
RB_TARGET_AMX
static void round_rows(const amx_call *call, int r0, int r1) {
    const int k = call->w->in, x3 = call->w->x3, values = 2 * call->w->pairs;
    for (int r = r0; r < r1; r++) {
        uint16_t *dst = call->a + (size_t)r * call->lda;
        if (r >= call->rows) {
            memset(dst, 0, sizeof(uint16_t) * call->lda);
            continue;
        }
        const float *src = call->x + (size_t)r * k;
        // The activations come from L3 (the previous op's output): fetch the next row meanwhile.
        if (r + 1 < call->rows)
            for (int j = 0; j < k; j += 16) _mm_prefetch((const char *)(src + k + j), _MM_HINT_T0);
        for (int j = 0; j < values; j += 32)
            store_rounded(dst + planes(call->w) * j, _mm512_maskz_loadu_ps(rb_lane_mask16(k - j), src + j),
                          _mm512_maskz_loadu_ps(rb_lane_mask16(k - j - 16), src + j + 16), x3);
    }
}

// A finished block whose epilogue is still to run: GELU (if asked) on rows of c, then, when the
// output is bf16, those rows rounded into h. It runs a few rows at a time between the next
// block's tile instructions.
typedef struct {
    float *c;       // 32 × 32 fp32 at row stride ldc: in y, or a staging buffer when h is set
    int ldc;
    uint16_t *h;    // NULL, or where the rounded rows go (row stride ldh)
    int ldh;
    int done;       // rows finished so far
} pending_block;

RB_TARGET_AMX
static void finish_rows(const amx_call *call, pending_block *p, int to) {
    to = min_int((to + 7) & ~7, BLOCK);  // eight rows at a time, the tile GELU's interleave
    if (!p->c || to <= p->done) return;
    float *c = p->c + (size_t)p->done * p->ldc;
    if (call->gelu) rb_gelu_tile(c, to - p->done, BLOCK, p->ldc);
    if (p->h)
        for (int i = p->done; i < to; i++, c += p->ldc)
            store_rounded(p->h + (size_t)i * p->ldh, _mm512_load_ps(c), _mm512_load_ps(c + 16), call->w->x3);
    p->done = to;
}

// Accumulators 0-3 += the A tiles at a (rows 0-15 into tile 4; rows 16-31 into tile 5 when two)
// times the B tiles already in 6 and 7.
RB_TARGET_AMX
static inline __attribute__((always_inline)) void times_b(const unsigned char *a, long lda, int two) {
    _tile_loadd(4, a, lda);
    _tile_dpbf16ps(0, 4, 6);
    _tile_dpbf16ps(1, 4, 7);
    if (two) {
        _tile_loadd(5, a + 16 * lda, lda);
        _tile_dpbf16ps(2, 5, 6);
        _tile_dpbf16ps(3, 5, 7);
    }
}

// One 16-pair step of a bf16x3 block: hi·hi, lo·hi, hi·lo into accumulators 0-3 (rows 16-31 in
// 2-3 when two). 10 tile loads for 12 tdpbf16ps (A hi is read twice, from L1; B once), and each
// accumulator is used every fourth instruction, which tdpbf16ps's latency needs.
RB_TARGET_AMX
static inline void x3_step(const unsigned char *a, const unsigned char *b, long lda, int two) {
    _tile_stream_loadd(6, b, 128);
    _tile_stream_loadd(7, b + 64, 128);
    times_b(a, lda, two);
    times_b(a + 64, lda, two);
    _tile_stream_loadd(6, b + 2048, 128);
    _tile_stream_loadd(7, b + 2048 + 64, 128);
    times_b(a, lda, two);
}

// The tiles of bf16 step s of a block whose A rows start at a and B at b: A rows 0-15 in tile 4
// (16-31 in 5 when two), B columns 0-15 in 6 and 16-31 in 7. B takes the streaming hint
// (tileloaddt1, as oneDNN does) so it does not push the row block's A out of L1: +10 % at
// K = 768 (A 48 KiB), no change at K = 3072.
RB_TARGET_AMX
static inline void bf16_load(const unsigned char *a, const unsigned char *b, long lda, int two, int s) {
    _tile_loadd(4, a + 64L * s, lda);
    _tile_stream_loadd(6, b + 2048L * s, 128);
    _tile_stream_loadd(7, b + 2048L * s + 64, 128);
    if (two) _tile_loadd(5, a + 16 * lda + 64L * s, lda);
}

// bf16 step s on the tiles bf16_load put in place; with `next`, each tile is reloaded for step
// s + 1 right after this step's last tdpbf16ps that reads it. Tile registers are not renamed, so
// a load issued at the top of the next step would wait for those instructions and then expose
// its whole L2 latency; this way a B tile's load overlaps two tdpbf16ps. Alternated in one process,
// one thread: +3-6 % on 512 × 768 × 768 and 512 × 3072 × 768; the same bits (same order per
// element). B held in L1 (a deliberately wrong diagnostic) was +12-17 %: what B's latency costs.
RB_TARGET_AMX
static inline void bf16_step(const unsigned char *a, const unsigned char *b, long lda, int two, int s, int next) {
    _tile_dpbf16ps(0, 4, 6);
    if (two) _tile_dpbf16ps(2, 5, 6);
    if (next) _tile_stream_loadd(6, b + 2048L * (s + 1), 128);
    _tile_dpbf16ps(1, 4, 7);
    if (next) _tile_loadd(4, a + 64L * (s + 1), lda);
    if (two) _tile_dpbf16ps(3, 5, 7);
    if (next) {
        _tile_stream_loadd(7, b + 2048L * (s + 1) + 64, 128);
        if (two) _tile_loadd(5, a + 16 * lda + 64L * (s + 1), lda);
    }
}

// Asks for B eight steps ahead in execution order (this block's, or the next column block's, whose
// B follows this one's) into L2, one line in eight: the hardware streamer fetches the rest. B should
// be in L2 already (the column group is sized for it), but when another VM's thread shares the core
// it is not: alternated in one process, one thread, 512 × 3072 × 768, four sets of 12–30 runs,
// each run sorted by the unprefetched kernel's speed: +0–33 % in loaded spells (about 280–350 →
// 295–450 GFLOP/s), −2 to +8 % in quiet ones (about 870–1,040), +4–15 % time-weighted; 2 threads,
// 2048 × 768 × 3072: +4–10 %. Prefetching every line cost 10–18 % in quiet spells (its 32
// instructions per step), as did prefetching into L1.
RB_TARGET_AMX
static inline void prefetch_b(const unsigned char *b, size_t block_bytes, int s, int s0, int s1) {
    const int ahead = s + 8;
    const unsigned char *p = ahead < s1 ? b + 2048L * ahead : b + block_bytes + 2048L * (s0 + ahead - s1);
    for (int q = 0; q < 2048; q += 512) _mm_prefetch((const char *)(p + q), _MM_HINT_T1);
}

// C rows [r, r + 32) × columns [32j, 32j + 32), clipped to the product, starting from the bias
// (a zero-stride tile load repeats it on each row). A whole block (every encoder product's
// blocks but the last rows of a batch) is stored straight into y and its epilogue left to the
// next block (*pending); an edge block goes through stage and is finished here.
// With bf16 output every block goes to stage (32 × 32) and is left pending: rows past the
// product are rounded too (they are never read back), and columns past it are exactly 0
// (zero weights and bias, GELU(0) = 0), which the next product's zero padding needs.
// Steps [s0, s1) of K only: a block that does not start at 0 resumes from its partial sums in
// part (32 × 32), and one that does not end at the last step leaves them there.
RB_TARGET_AMX
static void block(const amx_call *call, int r, int j, int s0, int s1, float *part, pending_block *pending, float *stage) {
    const rb_packed_bf16 *w = call->w;
    const int n = w->out, mr = min_int(call->rows - r, BLOCK), nr = min_int(n - BLOCK * j, BLOCK);
    const int two = mr > 16, steps = w->pairs / STEP_PAIRS, whole = mr == BLOCK && nr == BLOCK;
    const long lda = 2L * call->lda;
    const unsigned char *a = (const unsigned char *)(call->a + (size_t)r * call->lda);
    const size_t block_bytes = sizeof(uint16_t) * w->pairs * BLOCK * 2 * planes(w);  // one column block's B
    const unsigned char *b = (const unsigned char *)w->data + j * block_bytes;
    float padded[BLOCK] __attribute__((aligned(64)));
    const float *bias = call->bias ? call->bias + BLOCK * j : NULL;
    if (bias && nr < BLOCK) {
        memset(padded, 0, sizeof padded);
        memcpy(padded, bias, sizeof(float) * nr);
        bias = padded;
    }
    rb_amx_configure();
    if (s0 > 0) {
        _tile_loadd(0, part, 4 * BLOCK);
        _tile_loadd(1, part + 16, 4 * BLOCK);
        _tile_loadd(2, part + 16 * BLOCK, 4 * BLOCK);
        _tile_loadd(3, part + 16 * BLOCK + 16, 4 * BLOCK);
    } else if (bias) {
        _tile_loadd(0, bias, 0);
        _tile_loadd(1, bias + 16, 0);
        _tile_loadd(2, bias, 0);
        _tile_loadd(3, bias + 16, 0);
    } else {
        _tile_zero(0);
        _tile_zero(1);
        _tile_zero(2);
        _tile_zero(3);
    }
    if (!w->x3) bf16_load(a, b, lda, two, s0);
    for (int s = s0; s < s1; s++) {
        if (w->x3) {
            x3_step(a + 128L * s, b + 4096L * s, lda, two);
        } else {
            prefetch_b(b, block_bytes, s, s0, s1);
            bf16_step(a, b, lda, two, s, s + 1 < s1);
        }
        finish_rows(call, pending, (s - s0 + 1) * BLOCK / (s1 - s0));
    }
    finish_rows(call, pending, BLOCK);
    if (s1 < steps) {
        _tile_stored(0, part, 4 * BLOCK);
        _tile_stored(1, part + 16, 4 * BLOCK);
        _tile_stored(2, part + 16 * BLOCK, 4 * BLOCK);
        _tile_stored(3, part + 16 * BLOCK + 16, 4 * BLOCK);
        return;
    }

    float *c = call->y + (size_t)r * n + BLOCK * j;
    if (whole && !call->h) {
        const long ldc = 4L * n;
        _tile_stored(0, c, ldc);
        _tile_stored(1, c + 16, ldc);
        _tile_stored(2, c + 16 * n, ldc);
        _tile_stored(3, c + 16 * n + 16, ldc);
        *pending = (pending_block){call->gelu ? c : NULL, n, NULL, 0, 0};
        return;
    }
    // bf16 output and edge blocks go through stage (free: the predecessor is finished).
    _tile_stored(0, stage, 4 * BLOCK);
    _tile_stored(1, stage + 16, 4 * BLOCK);
    _tile_stored(2, stage + 16 * BLOCK, 4 * BLOCK);
    _tile_stored(3, stage + 16 * BLOCK + 16, 4 * BLOCK);
    if (call->h) {
        *pending = (pending_block){stage, BLOCK, call->h + (size_t)r * call->ldh + BLOCK * planes(w) * j, call->ldh, 0};
        return;
    }
    *pending = (pending_block){0};
    if (call->gelu) rb_gelu_tile(stage, mr, BLOCK, BLOCK);
    for (int i = 0; i < mr; i++) memcpy(c + (size_t)i * n, stage + i * BLOCK, sizeof(float) * nr);
}

// Row blocks [r0, r1) × column blocks [j0, j1). A block's epilogue runs during the next block of
// the same rows (the last one's after the loop). One staging buffer serves bf16 output and
// edge blocks: a block finishes its predecessor's epilogue before it stores its own tiles.
// With K blocks each block keeps its partial sums in part between them: innermost, a row block
// runs its K blocks over the run's column blocks before the next row block; outermost (deep K),
// each K block runs over every row block, so a row block's A is read once per K block instead of
// once per column group (the B of a deep K fills L2 with two column blocks).
static void compute(const amx_call *call, int r0, int r1, int j0, int j1) {
    float stage[BLOCK * BLOCK] __attribute__((aligned(64)));
    const int steps = call->w->pairs / STEP_PAIRS, k_steps = call->k_steps, columns = j1 - j0;
    const int row_blocks = call->k_outer ? (r1 - r0 + BLOCK - 1) / BLOCK : 1;
    float *part = NULL;
    if (k_steps < steps) {
        part = aligned_alloc(64, sizeof(float) * BLOCK * BLOCK * (size_t)columns * row_blocks);
        if (!part) abort();
    }
    // One pass over the row blocks, or with K blocks outermost one pass per K block.
    const int pass_steps = call->k_outer ? k_steps : steps;
    for (int p0 = 0; p0 < steps; p0 += pass_steps)
        for (int r = r0, i = 0; r < r1; r += BLOCK, i += call->k_outer) {
            pending_block pending = {0};
            const int p1 = min_int(steps, p0 + pass_steps);
            for (int k0 = p0; k0 < p1; k0 += k_steps)
                for (int j = j0; j < j1; j++)
                    block(call, r, j, k0, min_int(p1, k0 + k_steps),
                          part ? part + ((size_t)i * columns + (j - j0)) * BLOCK * BLOCK : NULL, &pending, stage);
            finish_rows(call, &pending, BLOCK);
        }
    free(part);
}

static void run_chunks(void *ctx) {
    amx_call *call = ctx;
    const int blocks = call->w->panels;
    for (;;) {
        const int i = atomic_fetch_add_explicit(&call->next, 1, memory_order_relaxed);
        if (i >= call->chunks) break;
        if (call->by_rows) {
            // Each chunk rounds its own rows, then runs its row blocks through one group of
            // column blocks at a time: the group's B stays in L2 for every row block.
            const int r0 = i * call->chunk_rows, r1 = min_int((call->rows + BLOCK - 1) / BLOCK * BLOCK, r0 + call->chunk_rows);
            if (!call->rounded) round_rows(call, r0, r1);
            for (int g0 = 0; g0 < blocks; g0 += call->group)
                compute(call, r0, r1, g0, min_int(blocks, g0 + call->group));
        } else {
            const int j0 = i * call->chunk_blocks;
            compute(call, 0, call->rows, j0, min_int(blocks, j0 + call->chunk_blocks));
        }
    }
}

// One product: x (fp32, or already rounded in a) times w, into y (fp32) or h (bf16).
static void product(amx_call *call, int threads) {
    const rb_packed_bf16 *w = call->w;
    const int rows = call->rows, rows32 = (rows + BLOCK - 1) / BLOCK * BLOCK, row_blocks = rows32 / BLOCK;
    atomic_init(&call->next, 0);
    uint16_t *own = NULL;
    if (!call->rounded) {
        call->lda = a_stride(w);
        call->a = own = aligned_alloc(64, sizeof(uint16_t) * (size_t)rows32 * call->lda);
        if (!own) abort();
    }
    const int steps = w->pairs / STEP_PAIRS;
    call->k_steps = w->x3 && X3_K_STEPS > 0 && X3_K_STEPS < steps ? X3_K_STEPS : steps;
    call->group = (int)(GROUP_BYTES / ((size_t)w->pairs * BLOCK * 4 * planes(w)));
    // K blocks outermost when a group would hold under four column blocks (x3 at K = 3072: two):
    // +13-15 % there, but 2-20 % slower at K = 768, alternated in one process.
    call->k_outer = call->k_steps < steps && call->group < 4;
    if (call->k_outer) call->group = (int)(GROUP_BYTES / ((size_t)call->k_steps * STEP_PAIRS * BLOCK * 4 * planes(w)));
    if (call->group < 1) call->group = 1;
    // Row chunks when every thread gets two or more row blocks (each rounds only its own rows);
    // otherwise runs of column blocks over all rows, rounded once up front.
    call->by_rows = threads == 1 || row_blocks >= 2 * threads;
    if (call->by_rows) {
        // About four chunks per thread evens out a core slowed by another process.
        const int per_chunk = threads == 1 ? row_blocks : (row_blocks + 4 * threads - 1) / (4 * threads);
        call->chunk_rows = per_chunk * BLOCK;
        call->chunks = (row_blocks + per_chunk - 1) / per_chunk;
    } else {
        call->chunk_blocks = w->panels / (4 * threads) > 1 ? w->panels / (4 * threads) : 1;
        call->chunks = (w->panels + call->chunk_blocks - 1) / call->chunk_blocks;
        if (!call->rounded) round_rows(call, 0, rows32);
    }
    rb_parallel(run_chunks, call, min_int(threads, call->chunks) - 1);
    if (!call->keep_a) free(own);
}

static void linear(const float *x, int rows, const rb_packed_bf16 *w, const float *bias, float *y, int gelu, int threads) {
    amx_call call = {.x = x, .w = w, .bias = bias, .y = y, .rows = rows, .gelu = gelu};
    product(&call, threads);
}

// The feed-forward block with its intermediate kept in bf16, in the layout the second product
// reads: the same bits as the two products run apart (the second would round it the same way),
// without writing the fp32 intermediate or rounding it again.
static void feed_forward(const float *x, int rows, const rb_packed_bf16 *w1, const float *b1,
                         const rb_packed_bf16 *w2, const float *b2, float *y, int threads) {
    const int rows32 = (rows + BLOCK - 1) / BLOCK * BLOCK, ldh = a_stride(w2);
    uint16_t *h = aligned_alloc(64, sizeof(uint16_t) * (size_t)rows32 * ldh);
    if (!h) abort();
    amx_call first = {.x = x, .w = w1, .bias = b1, .rows = rows, .gelu = 1, .h = h, .ldh = ldh};
    product(&first, threads);
    amx_call second = {.w = w2, .bias = b2, .y = y, .rows = rows, .a = h, .lda = ldh, .rounded = 1};
    product(&second, threads);
    free(h);
}

// Products of one x (attention's query, key and value): the first rounds x as usual and keeps it,
// the others read it, so x is rounded once instead of n times. The same bits as apart.
static void linear_shared(const float *x, int rows, int n, const rb_packed_bf16 *const *w, const float *const *bias,
                          float *const *y, int threads) {
    amx_call first = {.x = x, .w = w[0], .bias = bias[0], .y = y[0], .rows = rows, .keep_a = 1};
    product(&first, threads);
    for (int i = 1; i < n; i++) {
        amx_call next = {.w = w[i], .bias = bias[i], .y = y[i], .rows = rows, .a = first.a, .lda = first.lda, .rounded = 1};
        product(&next, threads);
    }
    free(first.a);
}

const rb_path rb_path_amx = {"amx", 0, 0, NULL, NULL, pack_weights, linear, feed_forward, linear_shared};

// Linux hands out AMX tile state only to processes that ask for it (arch_prctl
// ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA = 18); without it the first tile instruction faults.
int rb_request_amx_permission(void) {
    return syscall(SYS_arch_prctl, 0x1023, 18) == 0;
}
#else
const rb_path rb_path_amx = {"amx", 0, 0, NULL, NULL, NULL, NULL, NULL, NULL};
int rb_request_amx_permission(void) { return 0; }
void rb_amx_configure(void) {}
#endif
