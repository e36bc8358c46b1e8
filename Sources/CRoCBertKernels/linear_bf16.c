// bf16 Linear driver: path choice, cache blocking and the split across threads.
//
// Many rows (a chunk = a run of MC-row blocks; threads take chunks from a counter):
//   for each group of NC panels (768 columns)
//     for each block of KC k-pairs            — a 48-column B slice of KC pairs (KC·192 B) stays in L1
//       for each MC-row block of the chunk    — the group's B K-slice is reused from L2 by each block
//         pack the block's A (round x to bf16) — MC·KC bf16 pairs stay in L2; packed on the first
//                                                group only, kept for the others
//         for each 48-column panel of the group
//           for each MR-row micro-tile: micro-kernel
// Few rows (a chunk = a group of panels): A is packed once for all K blocks, then each chunk
// runs the same K-block / panel / tile nest over all rows.
// The first K block writes C = acc + bias and later ones add; each C element is summed in the
// same order whichever thread computes it, so results do not depend on the thread count.
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "CRoCBertKernels.h"
#include "internal.h"

#ifndef KC_PAIRS
#define KC_PAIRS 192  // 384 k: 36 KiB B slice, 6–12 KiB A micro-tile
#endif
#ifndef NC_PANELS
#define NC_PANELS 16  // 768 columns
#endif
#ifndef MC_ROWS
#define MC_ROWS 96    // multiple of every MR (16, 8, 6, 4)
#endif

// Settings may be changed from any thread (tests force paths, callers set threads): atomics,
// relaxed, since each value stands alone.
static _Atomic(const rb_path *) forced;
static _Atomic(const rb_path *) detected;
static atomic_int num_threads = 2;

static const rb_path *best_path(void) {
    const rb_path *p = atomic_load_explicit(&detected, memory_order_relaxed);
    if (!p) {
        p = &rb_path_scalar;
        if (rb_cpu_has_amx_bf16()) p = &rb_path_amx;
        else if (rb_cpu_has_avx512_bf16()) p = &rb_path_avx512bf16;
        else if (rb_cpu_has_avx2_fma()) p = &rb_path_avx2;
        atomic_store_explicit(&detected, p, memory_order_relaxed);  // racing callers store the same value
    }
    return p;
}

const rb_path *rb_current_path(void) {
    const rb_path *p = atomic_load_explicit(&forced, memory_order_relaxed);
    return p ? p : best_path();
}

const char *rb_linear_bf16_path(void) { return rb_current_path()->name; }

int rb_linear_bf16_force_path(const char *name) {
    const rb_path *p = NULL;
    if (!name) p = NULL;
    else if (!strcmp(name, "scalar")) p = &rb_path_scalar;
    else if (!strcmp(name, "avx2") && rb_cpu_has_avx2_fma()) p = &rb_path_avx2;
    else if (!strcmp(name, "avx512bf16") && rb_cpu_has_avx512_bf16()) p = &rb_path_avx512bf16;
    else if (!strcmp(name, "amx") && rb_cpu_has_amx_bf16()) p = &rb_path_amx;
    else return 0;
    atomic_store_explicit(&forced, p, memory_order_relaxed);
    return 1;
}

void rb_set_num_threads(int threads) { atomic_store_explicit(&num_threads, threads < 1 ? 1 : threads, memory_order_relaxed); }
int rb_get_num_threads(void) { return atomic_load_explicit(&num_threads, memory_order_relaxed); }

// One call's shared state. Work is cut into chunks that threads take from an atomic counter,
// so a thread slowed by another process on its core simply takes fewer chunks (the machine is
// shared); a static half/half split would run at the speed of the slower core.
typedef struct {
    const rb_path *path;
    const float *x;
    const rb_packed_bf16 *w;
    const float *bias;
    float *y;
    int rows, gelu;
    int by_rows;          // chunks are runs of MC-row blocks (else groups of panels over all rows)
    int chunk_rows;       // rows per chunk when by_rows: a multiple of MC_ROWS
    int chunk_panels;     // panels per chunk when !by_rows
    int chunks;
    const unsigned char *apack;  // !by_rows: every row's A tiles for every K block, packed once
    atomic_int next;
} rb_call;

static inline int min_int(int a, int b) { return a < b ? a : b; }

// Rows [m0, m1) × k-pairs [p0, p0 + kp) into MR-row tiles at dst, tile stride a_bytes·kp.
static void pack_rows(const rb_call *call, int m0, int m1, int p0, int kp, unsigned char *dst) {
    const rb_path *path = call->path;
    const int k = call->w->in;
    const size_t stride = (size_t)path->a_tile_bytes_per_pair * kp;
    for (int r = m0, t = 0; r < m1; r += path->mr, t++)
        path->pack_a(call->x + (size_t)r * k, k, k, min_int(m1 - r, path->mr), p0, kp, dst + t * stride);
}

// C rows [m0, m1) × panels [j0, j1) for one K block, A tiles at a.
static void compute(const rb_call *call, int m0, int m1, int j0, int j1, int p0, int kp, const unsigned char *a) {
    const rb_path *path = call->path;
    const rb_packed_bf16 *w = call->w;
    const int n = w->out, pairs = w->pairs, first = p0 == 0, last = p0 + kp == pairs;
    const size_t stride = (size_t)path->a_tile_bytes_per_pair * kp;
    for (int j = j0; j < j1; j++) {
        const uint16_t *b = w->data + ((size_t)j * pairs + p0) * RB_PANEL_PAIR;
        const int c0 = j * RB_NR, nr = min_int(n - c0, RB_NR);
        const float *bias = call->bias ? call->bias + c0 : NULL;
        for (int r = m0, t = 0; r < m1; r += path->mr, t++) {
            const int mr = min_int(m1 - r, path->mr);
            float *c = call->y + (size_t)r * n + c0;
            path->kernel(kp, a + t * stride, b, c, n, mr, nr, bias, first);
            // Last K block: the tile is final and still in L1, so GELU costs no extra pass over y.
            if (call->gelu && last) rb_gelu_tile(c, mr, nr, n);
        }
    }
}

static void run_chunks(void *ctx) {
    rb_call *call = ctx;
    const rb_path *path = call->path;
    const int pairs = call->w->pairs, panels = call->w->panels;
    // Row chunks of a wide W run its panels in groups: the A block of every (MC block, K block)
    // is packed on the first group and kept for the others.
    const int cache_a = call->by_rows && panels > NC_PANELS;
    const size_t block_bytes = (size_t)path->a_tile_bytes_per_pair * (MC_ROWS / path->mr);  // per k-pair
    unsigned char *abuf = NULL;
    if (call->by_rows) {
        const size_t blocks = cache_a ? (size_t)call->chunk_rows / MC_ROWS : 1;
        abuf = malloc(block_bytes * (cache_a ? (size_t)pairs : KC_PAIRS) * blocks);
        if (!abuf) abort();
    }
    for (;;) {
        const int i = atomic_fetch_add_explicit(&call->next, 1, memory_order_relaxed);
        if (i >= call->chunks) break;
        if (call->by_rows) {
            // Panel groups, then K blocks, then MC blocks: a group's B K-slice (16 panels × KC
            // pairs, 576 KiB) is reused from L2 by each MC block of the chunk, where all 64
            // panels' slices of a 3072-wide W (2.3 MiB) came from L3. Alternated in one process,
            // 2 threads: 2048 × 3072 × 768 + GELU +11.5 %, 2048 × 2304 × 768 +6.5 %; one thread +2 %.
            const int m0 = i * call->chunk_rows, m1 = min_int(call->rows, m0 + call->chunk_rows);
            for (int g0 = 0; g0 < panels; g0 += NC_PANELS) {
                const int g1 = min_int(panels, g0 + NC_PANELS);
                for (int p0 = 0; p0 < pairs; p0 += KC_PAIRS) {
                    const int kp = min_int(pairs - p0, KC_PAIRS);
                    for (int i0 = m0; i0 < m1; i0 += MC_ROWS) {
                        const int i1 = min_int(m1, i0 + MC_ROWS);
                        unsigned char *a = cache_a ? abuf + block_bytes * ((size_t)(i0 - m0) / MC_ROWS * pairs + p0) : abuf;
                        if (!cache_a || g0 == 0) pack_rows(call, i0, i1, p0, kp, a);
                        compute(call, i0, i1, g0, g1, p0, kp, a);
                    }
                }
            }
        } else {
            const int j0 = i * call->chunk_panels, j1 = min_int(panels, j0 + call->chunk_panels);
            const size_t block_stride = (size_t)path->a_tile_bytes_per_pair * ((call->rows + path->mr - 1) / path->mr);
            for (int p0 = 0; p0 < pairs; p0 += KC_PAIRS)
                compute(call, 0, call->rows, j0, j1, p0, min_int(pairs - p0, KC_PAIRS), call->apack + block_stride * p0);
        }
    }
    free(abuf);
}

// A small pool of sleeping workers, started on first use and kept for the process: waking a
// worker costs less than creating a thread per call (~30 µs here), which matters for the
// small-batch products (a 32 × 768 × 768 product is ~0.3 ms on 2 cores). Workers block on a
// condition variable between calls rather than spin, since the machine is shared.
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pool_start = PTHREAD_COND_INITIALIZER;
static pthread_cond_t pool_done = PTHREAD_COND_INITIALIZER;
static pthread_mutex_t pool_owner = PTHREAD_MUTEX_INITIALIZER;  // one call uses the pool at a time
static int pool_size;           // workers started
static unsigned long pool_gen;  // bumped once per call
static int pool_want;           // workers taking part in the current call
static int pool_active;         // of those, still running
static void (*pool_fn)(void *);
static void *pool_ctx;

static void *pool_worker(void *arg) {
    const int index = (int)(intptr_t)arg;
    unsigned long seen = 0;
    pthread_mutex_lock(&pool_lock);
    for (;;) {
        while (pool_gen == seen) pthread_cond_wait(&pool_start, &pool_lock);
        seen = pool_gen;
        if (index >= pool_want) continue;
        void (*fn)(void *) = pool_fn;
        void *ctx = pool_ctx;
        pthread_mutex_unlock(&pool_lock);
        fn(ctx);
        pthread_mutex_lock(&pool_lock);
        if (--pool_active == 0) pthread_cond_signal(&pool_done);
    }
    return NULL;
}

void rb_parallel(void (*fn)(void *), void *ctx, int helpers) {
    // Another thread is mid-call on the pool: its work already keeps the cores busy.
    if (helpers <= 0 || pthread_mutex_trylock(&pool_owner) != 0) {
        fn(ctx);
        return;
    }
    pthread_mutex_lock(&pool_lock);
    while (pool_size < helpers) {
        pthread_t t;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        int ok = pthread_create(&t, &attr, pool_worker, (void *)(intptr_t)pool_size) == 0;
        pthread_attr_destroy(&attr);
        if (!ok) break;  // fewer hands, same chunks
        pool_size++;
    }
    pool_fn = fn;
    pool_ctx = ctx;
    pool_want = pool_active = helpers < pool_size ? helpers : pool_size;
    pool_gen++;
    pthread_cond_broadcast(&pool_start);
    pthread_mutex_unlock(&pool_lock);

    fn(ctx);

    pthread_mutex_lock(&pool_lock);
    while (pool_active > 0) pthread_cond_wait(&pool_done, &pool_lock);
    pthread_mutex_unlock(&pool_lock);
    pthread_mutex_unlock(&pool_owner);
}

// Threads for one product of rows × w: below ~4 MFLOP handing work to another thread costs
// more than it saves.
static int threads_for(int rows, const rb_packed_bf16 *w) {
    return 2.0 * rows * w->out * (double)w->in < 4e6 ? 1 : min_int(rb_get_num_threads(), 8);
}

static void linear(const float *x, int rows, const rb_packed_bf16 *w, const float *bias, float *y, int gelu) {
    if (rows <= 0) return;
    const rb_path *path = w->path;
    int threads = threads_for(rows, w);
    if (path->linear) {
        path->linear(x, rows, w, bias, y, gelu, threads);
        return;
    }

    rb_call call = {.path = path, .x = x, .w = w, .bias = bias, .y = y, .rows = rows, .gelu = gelu};
    atomic_init(&call.next, 0);
    unsigned char *apack = NULL;
    // Row blocks when there are enough for every thread (each packs only its own A);
    // otherwise groups of panels, with A packed once up front since every chunk needs all of it.
    call.by_rows = threads == 1 || rows >= threads * MC_ROWS;
    if (call.by_rows) {
        // About four chunks per thread: enough to even out a busy core, while each chunk's MC
        // blocks still share the B slices (one chunk of everything on a single thread).
        const int blocks = (rows + MC_ROWS - 1) / MC_ROWS;
        const int per_chunk = threads == 1 ? blocks : (blocks + 4 * threads - 1) / (4 * threads);
        call.chunk_rows = per_chunk * MC_ROWS;
        call.chunks = (blocks + per_chunk - 1) / per_chunk;
    } else {
        call.chunk_panels = w->panels / (4 * threads) > 1 ? w->panels / (4 * threads) : 1;
        call.chunks = (w->panels + call.chunk_panels - 1) / call.chunk_panels;
        const size_t block_stride = (size_t)path->a_tile_bytes_per_pair * ((rows + path->mr - 1) / path->mr);
        apack = malloc(block_stride * w->pairs);
        if (!apack) abort();
        for (int p0 = 0; p0 < w->pairs; p0 += KC_PAIRS)
            pack_rows(&call, 0, rows, p0, min_int(w->pairs - p0, KC_PAIRS), apack + block_stride * p0);
        call.apack = apack;
    }
    threads = min_int(threads, call.chunks);

    rb_parallel(run_chunks, &call, threads - 1);
    free(apack);
}

void rb_linear_bf16(const float *x, int rows, const rb_packed_bf16 *w, const float *bias, float *y) {
    linear(x, rows, w, bias, y, 0);
}

void rb_linear_bf16_gelu(const float *x, int rows, const rb_packed_bf16 *w, const float *bias, float *y) {
    linear(x, rows, w, bias, y, 1);
}

void rb_linear_bf16_shared(const float *x, int rows, int n, const rb_packed_bf16 *const *w, const float *const *bias,
                           float *const *y) {
    if (rows <= 0 || n <= 0) return;
    int alike = w[0]->path->linear_shared != NULL;
    for (int i = 1; i < n; i++) alike &= w[i]->path == w[0]->path && w[i]->x3 == w[0]->x3 && w[i]->in == w[0]->in;
    if (alike) {
        w[0]->path->linear_shared(x, rows, n, w, bias, y, threads_for(rows, w[0]));
        return;
    }
    for (int i = 0; i < n; i++) linear(x, rows, w[i], bias[i], y[i], 0);
}

void rb_feed_forward_bf16(const float *x, int rows, const rb_packed_bf16 *w1, const float *b1,
                          const rb_packed_bf16 *w2, const float *b2, float *y) {
    if (rows <= 0) return;
    if (w1->path == w2->path && w1->x3 == w2->x3 && w1->path->feed_forward) {
        w1->path->feed_forward(x, rows, w1, b1, w2, b2, y, threads_for(rows, w1));
        return;
    }
    float *h = malloc(sizeof(float) * (size_t)rows * w1->out);
    if (!h) abort();
    linear(x, rows, w1, b1, h, 1);
    linear(h, rows, w2, b2, y, 0);
    free(h);
}
