// The FP32 FMA ceiling of this machine, measured: independent fused multiply-adds with no
// memory traffic, on `threads` threads at once. `rocbert bench` prints it beside the forward's
// GFLOP/s, because an fp32 forward (ours or PyTorch's) cannot beat it, and on a VM the ceiling
// is not what the CPU's name promises (clock, shared cores).
#include "CRoCBertKernels.h"
#include "internal.h"
#include <pthread.h>
#include <time.h>

#if defined(__x86_64__) && !defined(RB_EMULATE_AVX512)
#include <immintrin.h>

// Twelve chains cover an FMA latency of 4-6 cycles on two ports; each chain is a·b + c with
// b just under one, so values stay finite however long it runs. The starting values come from
// a volatile seed: with constants, clang folded one chain away and the count came out 12/11 high.
#define RB_PEAK_CHAINS 12

__attribute__((target("avx512f"))) static float fma_chains_avx512(long steps, float seed) {
    __m512 acc[RB_PEAK_CHAINS];
    const __m512 b = _mm512_set1_ps(0.9999999f), c = _mm512_set1_ps(1e-7f);
    for (int j = 0; j < RB_PEAK_CHAINS; j++) acc[j] = _mm512_set1_ps(seed + (float)j);
    for (long i = 0; i < steps; i++)
        for (int j = 0; j < RB_PEAK_CHAINS; j++) acc[j] = _mm512_fmadd_ps(acc[j], b, c);
    __m512 sum = acc[0];
    for (int j = 1; j < RB_PEAK_CHAINS; j++) sum = _mm512_add_ps(sum, acc[j]);
    return _mm512_reduce_add_ps(sum);
}

__attribute__((target("avx2,fma"))) static float fma_chains_avx2(long steps, float seed) {
    __m256 acc[RB_PEAK_CHAINS];
    const __m256 b = _mm256_set1_ps(0.9999999f), c = _mm256_set1_ps(1e-7f);
    for (int j = 0; j < RB_PEAK_CHAINS; j++) acc[j] = _mm256_set1_ps(seed + (float)j);
    for (long i = 0; i < steps; i++)
        for (int j = 0; j < RB_PEAK_CHAINS; j++) acc[j] = _mm256_fmadd_ps(acc[j], b, c);
    __m256 sum = acc[0];
    for (int j = 1; j < RB_PEAK_CHAINS; j++) sum = _mm256_add_ps(sum, acc[j]);
    float lanes[8];
    _mm256_storeu_ps(lanes, sum);
    return lanes[0] + lanes[1] + lanes[2] + lanes[3] + lanes[4] + lanes[5] + lanes[6] + lanes[7];
}

struct peak_job {
    long steps;
    int lanes;
    volatile float seed;  // read at run time, so no chain can be folded
    volatile float sink;  // keeps the chains from being optimised away
};

static void *peak_worker(void *arg) {
    struct peak_job *job = arg;
    job->sink = job->lanes == 16 ? fma_chains_avx512(job->steps, job->seed) : fma_chains_avx2(job->steps, job->seed);
    return NULL;
}

static double seconds_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

double rb_fp32_fma_peak_gflops(int threads, int rounds) {
    int lanes = rb_cpu_has_avx512f() ? 16 : rb_cpu_has_avx2_fma() ? 8 : 0;
    if (lanes == 0 || threads < 1 || rounds < 1) return 0;
    if (threads > 64) threads = 64;
    // ~25 ms per round at 150 GFLOP/s a thread: long enough to time, short enough to repeat.
    const long steps = 10000000;
    struct peak_job jobs[64];
    pthread_t ids[64];
    double best = 0;
    for (int r = 0; r < rounds; r++) {
        int started = 0;
        double start = seconds_now();
        for (int t = 0; t < threads; t++) {
            jobs[t] = (struct peak_job){.steps = steps, .lanes = lanes};
            if (t == 0 || pthread_create(&ids[t], NULL, peak_worker, &jobs[t]) == 0) started = t + 1;
            else break;
        }
        peak_worker(&jobs[0]);
        for (int t = 1; t < started; t++) pthread_join(ids[t], NULL);
        double elapsed = seconds_now() - start;
        double flops = (double)started * steps * RB_PEAK_CHAINS * lanes * 2;
        if (elapsed > 0 && flops / elapsed / 1e9 > best) best = flops / elapsed / 1e9;
    }
    return best;
}
#else
double rb_fp32_fma_peak_gflops(int threads, int rounds) {
    (void)threads;
    (void)rounds;
    return 0;
}
#endif
