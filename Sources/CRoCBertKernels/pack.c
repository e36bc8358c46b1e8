// Packing W once into the panel layout described in internal.h.
#include <stdlib.h>
#include "CRoCBertKernels.h"
#include "internal.h"

float rb_round_bf16(float x) { return rb_bf16_to_f32(rb_f32_to_bf16(x)); }

void rb_round_bf16_array(const float *x, float *y, long n) {
    for (long i = 0; i < n; i++) y[i] = rb_bf16_to_f32(rb_f32_to_bf16(x[i]));
}

void rb_round_pairs_bf16(const float *row, int k, int p0, int kp, uint16_t *dst) {
    int k0 = 2 * p0, n = 2 * kp, full = k - k0 < n ? k - k0 : n;
    const float *src = row + k0;
    for (int j = 0; j < full; j++) dst[j] = rb_f32_to_bf16(src[j]);
    for (int j = full; j < n; j++) dst[j] = 0;
}

static rb_packed_bf16 *pack(const float *w, int out, int in, int x3) {
    if (out <= 0 || in <= 0) return NULL;
    const rb_path *path = rb_current_path();
    // bf16x3 pays only where products are far faster than fp32 FMA (AMX); elsewhere callers use sgemm.
    if (x3 && !path->pack_weights) return NULL;
    rb_packed_bf16 *p = malloc(sizeof *p);
    if (!p) return NULL;
    p->out = out;
    p->in = in;
    p->x3 = x3;
    p->pairs = (in + 1) / 2;
    p->panels = (out + RB_NR - 1) / RB_NR;
    p->path = path;
    if (p->path->pack_weights) {
        if (p->path->pack_weights(w, p)) return p;
        free(p);
        return NULL;
    }
    size_t count = (size_t)p->panels * p->pairs * RB_PANEL_PAIR;
    size_t bytes = (count * sizeof(uint16_t) + 63) & ~(size_t)63;
    p->data = aligned_alloc(64, bytes);
    if (!p->data) { free(p); return NULL; }
    memset(p->data, 0, bytes);
    for (int j = 0; j < p->panels; j++) {
        uint16_t *panel = p->data + (size_t)j * p->pairs * RB_PANEL_PAIR;
        int cols = out - j * RB_NR < RB_NR ? out - j * RB_NR : RB_NR;
        for (int c = 0; c < cols; c++) {
            const float *row = w + (size_t)(j * RB_NR + c) * in;
            for (int k = 0; k < in; k++)
                panel[(size_t)(k >> 1) * RB_PANEL_PAIR + c * 2 + (k & 1)] = rb_f32_to_bf16(row[k]);
        }
    }
    return p;
}

rb_packed_bf16 *rb_pack_weights_bf16(const float *w, int out, int in) { return pack(w, out, in, 0); }

rb_packed_bf16 *rb_pack_weights_bf16x3(const float *w, int out, int in) { return pack(w, out, in, 1); }

void rb_free_packed_bf16(rb_packed_bf16 *packed) {
    if (!packed) return;
    free(packed->data);
    free(packed);
}

int rb_packed_bf16_out(const rb_packed_bf16 *packed) { return packed->out; }
int rb_packed_bf16_in(const rb_packed_bf16 *packed) { return packed->in; }

void rb_pack_a_f32pairs(const float *x, int ldx, int k, int mr, int p0, int kp, void *dst, int R) {
    float *a = dst;
    for (int i = 0; i < R; i++) {
        if (i >= mr) {
            for (int p = 0; p < kp; p++) a[(p * R + i) * 2] = a[(p * R + i) * 2 + 1] = 0;
            continue;
        }
        uint16_t tmp[2 * 512];
        for (int q = 0; q < kp; q += 512) {
            int n = kp - q < 512 ? kp - q : 512;
            rb_round_pairs_bf16(x + (size_t)i * ldx, k, p0 + q, n, tmp);
            for (int p = 0; p < n; p++) {
                a[((q + p) * R + i) * 2] = rb_bf16_to_f32(tmp[2 * p]);
                a[((q + p) * R + i) * 2 + 1] = rb_bf16_to_f32(tmp[2 * p + 1]);
            }
        }
    }
}
