// Checks rb_linear_bf16 on its AVX512-BF16 path (emulated) against an fp64 reference on the
// bf16-rounded inputs, at sizes that hit every edge: ragged M, N, K, odd K, K blocks, threads.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "CRoCBertKernels.h"

int rb_cpu_has_avx512_bf16(void) { return 1; }  // stands in for cpu.c: the kernel is emulated
int rb_cpu_has_avx2_fma(void) { return 0; }
int rb_cpu_has_amx_bf16(void) { return 0; }  // AMX is not emulated: tile code runs only on the hardware
int rb_cpu_has_avx512f(void) { return 0; }  // the row kernels (GELU) run their AVX2 or scalar forms here

static float rnd(void) { return rand() / (float)RAND_MAX * 2 - 1; }

static int check(int m, int n, int k, int bias_on, int gelu) {
    float *x = malloc(4L * m * k), *w = malloc(4L * n * k), *b = malloc(4L * n), *y = malloc(4L * m * n);
    for (long i = 0; i < (long)m * k; i++) x[i] = rnd();
    for (long i = 0; i < (long)n * k; i++) w[i] = rnd();
    for (int i = 0; i < n; i++) b[i] = rnd();
    rb_packed_bf16 *p = rb_pack_weights_bf16(w, n, k);
    if (gelu) rb_linear_bf16_gelu(x, m, p, bias_on ? b : NULL, y);
    else rb_linear_bf16(x, m, p, bias_on ? b : NULL, y);
    double worst = 0;
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
            double s = bias_on ? b[j] : 0, mag = fabs(s);
            for (int q = 0; q < k; q++) {
                double t = (double)rb_round_bf16(x[(long)i * k + q]) * rb_round_bf16(w[(long)j * k + q]);
                s += t; mag += fabs(t);
            }
            // GELU's slope is at most 1.13, so the product's error carries through; the
            // vectorised erfc adds ~1e-6 relative on top.
            double want = gelu ? 0.5 * s * erfc(-s / sqrt(2.0)) : s;
            double slack = gelu ? 1e-5 * fabs(want) : 0;
            double e = fmax(fabs(want - y[(long)i * n + j]) - slack, 0) / (mag > 0 ? mag : 1);
            if (e > worst) worst = e;
        }
    int ok = worst < 1e-6;
    printf("%-4s %s %5d x %5d x %5d bias=%d gelu=%d  max |err|/sum|terms| %.2e\n", ok ? "ok" : "FAIL",
           rb_linear_bf16_path(), m, n, k, bias_on, gelu, worst);
    rb_free_packed_bf16(p);
    free(x); free(w); free(b); free(y);
    return ok;
}

int main(void) {
    int sizes[][3] = {{1, 7, 5}, {7, 3, 1}, {33, 65, 129}, {64, 768, 768}, {200, 100, 1001},
                      {9, 49, 770}, {250, 97, 64}, {17, 48, 2}};
    int fails = 0;
    for (unsigned s = 0; s < sizeof sizes / sizeof *sizes; s++)
        for (int bias_on = 0; bias_on < 2; bias_on++)
            fails += !check(sizes[s][0], sizes[s][1], sizes[s][2], bias_on, 0);
    fails += !check(33, 65, 129, 1, 1);
    fails += !check(64, 100, 800, 1, 1);
    rb_set_num_threads(1);
    fails += !check(300, 130, 500, 1, 0);
    printf(fails ? "%d FAILED\n" : "all passed\n", fails);
    return fails != 0;
}
