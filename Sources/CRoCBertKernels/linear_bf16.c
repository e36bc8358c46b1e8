// bf16 Linear driver: path choice, cache blocking and the split across threads.
//
// Loop nest per thread (BLIS order, B already packed):
//   for each block of KC k-pairs            — a 48-column B slice of KC pairs (KC·192 B) stays in L1
//     for each block of MC rows             — their bf16 A tile (MC·KC·4 B) stays in L2
//       pack A (round x to bf16)
//       for each 48-column panel of W        — streamed from L2/L3, reused by MC/MR micro-tiles
//         for each MR-row micro-tile: micro-kernel
// The first K block writes C = acc + bias and later ones add, so C is touched once per block.
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "CRoCBertKernels.h"
#include "internal.h"

#ifndef KC_PAIRS
#define KC_PAIRS 192  // 384 k: 36 KiB B slice, 6–12 KiB A micro-tile
#endif
#ifndef MC_ROWS
#define MC_ROWS 96    // multiple of every MR (8, 6, 4)
#endif

static const rb_path *forced;
static int num_threads = 2;

static const rb_path *best_path(void) {
    static const rb_path *cached;
    if (!cached) {
        const rb_path *p = &rb_path_scalar;
        if (rb_cpu_has_avx512_bf16()) p = &rb_path_avx512bf16;
        else if (rb_cpu_has_avx2_fma()) p = &rb_path_avx2;
        cached = p;  // idempotent: races store the same pointer
    }
    return cached;
}

static const rb_path *current_path(void) { return forced ? forced : best_path(); }

const char *rb_linear_bf16_path(void) { return current_path()->name; }

int rb_linear_bf16_force_path(const char *name) {
    if (!name) { forced = NULL; return 1; }
    if (!strcmp(name, "scalar")) { forced = &rb_path_scalar; return 1; }
    if (!strcmp(name, "avx2") && rb_cpu_has_avx2_fma()) { forced = &rb_path_avx2; return 1; }
    if (!strcmp(name, "avx512bf16") && rb_cpu_has_avx512_bf16()) { forced = &rb_path_avx512bf16; return 1; }
    return 0;
}

void rb_set_num_threads(int threads) { num_threads = threads < 1 ? 1 : threads; }
int rb_get_num_threads(void) { return num_threads; }

typedef struct {
    const rb_path *path;
    const float *x;
    const rb_packed_bf16 *w;
    const float *bias;
    float *y;
    int m0, m1;          // rows
    int panel0, panel1;  // 48-column panels
    int gelu;            // apply GELU to each finished tile
} rb_job;

static void run_job(const rb_job *job) {
    const rb_path *path = job->path;
    const rb_packed_bf16 *w = job->w;
    const int k = w->in, n = w->out, pairs = w->pairs, mr_max = path->mr;
    const size_t tile_bytes = (size_t)path->a_tile_bytes_per_pair * KC_PAIRS;
    unsigned char *abuf = malloc(tile_bytes * (MC_ROWS / mr_max));
    if (!abuf) abort();
    for (int p0 = 0; p0 < pairs; p0 += KC_PAIRS) {
        const int kp = pairs - p0 < KC_PAIRS ? pairs - p0 : KC_PAIRS;
        const int first = p0 == 0;
        for (int i0 = job->m0; i0 < job->m1; i0 += MC_ROWS) {
            const int mc = job->m1 - i0 < MC_ROWS ? job->m1 - i0 : MC_ROWS;
            const int tiles = (mc + mr_max - 1) / mr_max;
            const size_t stride = (size_t)path->a_tile_bytes_per_pair * kp;
            for (int t = 0; t < tiles; t++) {
                int r = i0 + t * mr_max, mr = job->m1 - r < mr_max ? job->m1 - r : mr_max;
                path->pack_a(job->x + (size_t)r * k, k, k, mr, p0, kp, abuf + t * stride);
            }
            for (int j = job->panel0; j < job->panel1; j++) {
                const uint16_t *b = w->data + ((size_t)j * pairs + p0) * RB_PANEL_PAIR;
                const int c0 = j * RB_NR, nr = n - c0 < RB_NR ? n - c0 : RB_NR;
                const float *bias = job->bias ? job->bias + c0 : NULL;
                for (int t = 0; t < tiles; t++) {
                    int r = i0 + t * mr_max, mr = job->m1 - r < mr_max ? job->m1 - r : mr_max;
                    float *c = job->y + (size_t)r * n + c0;
                    path->kernel(kp, abuf + t * stride, b, c, n, mr, nr, bias, first);
                    // Last K block: the tile is final and still in L1, so GELU costs no extra pass over y.
                    if (job->gelu && p0 + kp == pairs) rb_gelu_tile(c, mr, nr, n);
                }
            }
        }
    }
    free(abuf);
}

static void *job_thread(void *arg) {
    run_job(arg);
    return NULL;
}

static void linear(const float *x, int rows, const rb_packed_bf16 *w, const float *bias, float *y, int gelu) {
    if (rows <= 0) return;
    const rb_path *path = current_path();
    // Below ~4 MFLOP a thread start costs more than it saves.
    double flops = 2.0 * rows * w->out * (double)w->in;
    int threads = num_threads;
    if (threads > 8) threads = 8;
    if (flops < 4e6) threads = 1;
    rb_job jobs[8];
    // Split rows when each thread gets at least a full MC block (each packs only its own A);
    // otherwise split the weight panels, which every small-batch call has plenty of.
    int split_rows = rows >= threads * MC_ROWS;
    if (!split_rows && w->panels < threads) threads = w->panels;
    for (int t = 0; t < threads; t++) {
        rb_job *j = &jobs[t];
        j->path = path; j->x = x; j->w = w; j->bias = bias; j->y = y; j->gelu = gelu;
        if (split_rows) {
            // Whole MR tiles per thread so no thread gets a ragged tile in the middle.
            int tiles = (rows + path->mr - 1) / path->mr;
            j->m0 = (int)((long)tiles * t / threads) * path->mr;
            j->m1 = (int)((long)tiles * (t + 1) / threads) * path->mr;
            if (j->m1 > rows) j->m1 = rows;
            j->panel0 = 0; j->panel1 = w->panels;
        } else {
            j->m0 = 0; j->m1 = rows;
            j->panel0 = (int)((long)w->panels * t / threads);
            j->panel1 = (int)((long)w->panels * (t + 1) / threads);
        }
    }
    pthread_t tid[8];
    int started[8] = {0};
    for (int t = 1; t < threads; t++) started[t] = pthread_create(&tid[t], NULL, job_thread, &jobs[t]) == 0;
    run_job(&jobs[0]);
    for (int t = 1; t < threads; t++) {
        if (started[t]) pthread_join(tid[t], NULL);
        else run_job(&jobs[t]);  // could not start a thread: do its share here
    }
}

void rb_linear_bf16(const float *x, int rows, const rb_packed_bf16 *w, const float *bias, float *y) {
    linear(x, rows, w, bias, y, 0);
}

void rb_linear_bf16_gelu(const float *x, int rows, const rb_packed_bf16 *w, const float *bias, float *y) {
    linear(x, rows, w, bias, y, 1);
}
