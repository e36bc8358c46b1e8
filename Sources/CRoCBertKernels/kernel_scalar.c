// Portable micro-kernel: the reference behaviour of the packed layout on any CPU.
#include "internal.h"

#define MR 4

static void pack_a(const float *x, int ldx, int k, int mr, int p0, int kp, void *dst) {
    rb_pack_a_f32pairs(x, ldx, k, mr, p0, kp, dst, MR);
}

static void kernel(int kp, const void *av, const uint16_t *b, float *c, int ldc,
                   int mr, int nr, const float *bias, int first) {
    const float *a = av;
    for (int i = 0; i < mr; i++) {
        float acc[RB_NR] = {0};
        for (int p = 0; p < kp; p++) {
            const uint16_t *bp = b + (size_t)p * RB_PANEL_PAIR;
            float x0 = a[(p * MR + i) * 2], x1 = a[(p * MR + i) * 2 + 1];
            for (int j = 0; j < nr; j++)
                acc[j] += x0 * rb_bf16_to_f32(bp[2 * j]) + x1 * rb_bf16_to_f32(bp[2 * j + 1]);
        }
        float *ci = c + (size_t)i * ldc;
        for (int j = 0; j < nr; j++) ci[j] = (first ? (bias ? bias[j] : 0.0f) : ci[j]) + acc[j];
    }
}

const rb_path rb_path_scalar = {"scalar", MR, MR * 8, pack_a, kernel};
