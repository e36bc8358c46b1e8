// Shared between the bf16 GEMM driver and its micro-kernels; not part of the public header.
#ifndef RB_INTERNAL_H
#define RB_INTERNAL_H
#include <stdint.h>
#include <string.h>

// Output columns per packed panel: three 16-lane zmm vectors, or three 16-column AVX2 sub-panels.
#define RB_NR 48
// Bytes per k-pair row of a panel: RB_NR columns × 2 bf16.
#define RB_PANEL_PAIR (RB_NR * 2)

// Packed W: panel-major. Panel j holds columns [48j, 48j+48) of Wᵀ (rows of W) for every
// k-pair p: element [j][p][c][h] = bf16(W[48j + c][2p + h]). The two k values a lane needs
// sit side by side, which is exactly the (even, odd) pair vdpbf16ps multiplies, and a panel
// is one contiguous stream the micro-kernel reads front to back. Zero padding to 48 columns
// and to an even K keeps every kernel free of edge cases on the B side.
// The AMX path packs its own layout instead (linear_amx.c): 32-column blocks, pairs padded to 16.
struct rb_packed_bf16 {
    int out, in;
    int x3;       // bf16x3 (AMX only): each weight as hi + lo bf16, products hi·hi + lo·hi + hi·lo
    int pairs;    // ceil(in / 2); AMX: rounded up to a multiple of 16
    int panels;   // ceil(out / 48); AMX: ceil(out / 32) column blocks
    const struct rb_path *path;  // the path current when packed, which reads this layout
    uint16_t *data;  // 64-byte aligned, panels * pairs * 96 bf16 (AMX: blocks * pairs * 64, twice that for x3)
};

#if defined(RB_EMULATE_AVX512)
// scripts/check_avx512bf16_emulated.sh: the AVX-512 kernel over scalar stand-ins for its
// intrinsics, so its indexing and edges are tested on machines without AVX-512.
#define RB_TARGET_AVX2 __attribute__((target("avx2,fma")))
#define RB_TARGET_AVX512BF16
#elif defined(__GNUC__) || defined(__clang__)
#define RB_TARGET_AVX2 __attribute__((target("avx2,fma")))
#define RB_TARGET_AVX512BF16 __attribute__((target("avx512f,avx512bf16,avx512bw,avx512vl")))
#else
#define RB_TARGET_AVX2
#define RB_TARGET_AVX512BF16
#endif

// Round to nearest even; NaN stays NaN (quieted). Branch-free so row loops vectorise.
static inline uint16_t rb_f32_to_bf16(float f) {
    uint32_t u;
    memcpy(&u, &f, 4);
    uint32_t rounded = (u + 0x7fffu + ((u >> 16) & 1u)) >> 16;
    uint32_t nan = (u >> 16) | 0x40u;
    return (uint16_t)((u & 0x7fffffffu) > 0x7f800000u ? nan : rounded);
}

// Mask of the first `left` of 16 lanes (all for 16 or more, none for 0 or fewer): the ragged
// edges of the AVX-512 and AMX kernels' loads and stores.
static inline uint16_t rb_lane_mask16(int left) {
    return left >= 16 ? 0xffffu : left <= 0 ? 0u : (uint16_t)((1u << left) - 1);
}

static inline float rb_bf16_to_f32(uint16_t h) {
    uint32_t u = (uint32_t)h << 16;
    float f;
    memcpy(&f, &u, 4);
    return f;
}

// One micro-kernel call: C[mr, nr] (=|+=) A-tile · B-panel slice over kp k-pairs.
// first != 0: C = acc + bias (bias NULL → acc); otherwise C += acc.
typedef void (*rb_kernel_fn)(int kp, const void *a, const uint16_t *b, float *c, int ldc,
                             int mr, int nr, const float *bias, int first);
// Packs rows [0, mr) × k-pairs [p0, p0+kp) of x (row stride ldx, true width k) into the
// path's A-tile format, zero-padding to the path's MR rows.
typedef void (*rb_pack_a_fn)(const float *x, int ldx, int k, int mr, int p0, int kp, void *dst);

typedef struct rb_path {
    const char *name;
    // Panel paths: micro-kernels run by linear_bf16.c's driver on the panel layout above.
    int mr;             // rows per micro-tile
    int a_tile_bytes_per_pair;  // bytes of packed A per k-pair per micro-tile
    rb_pack_a_fn pack_a;
    rb_kernel_fn kernel;
    // Paths with their own layout and driver (AMX); NULL for the panel paths.
    int (*pack_weights)(const float *w, struct rb_packed_bf16 *p);  // fills data (and pairs, panels; hi and lo if x3); 0: no memory
    void (*linear)(const float *x, int rows, const struct rb_packed_bf16 *w, const float *bias, float *y, int gelu,
                   int threads);
    // The feed-forward block gelu(x · W1ᵀ + b1) · W2ᵀ + b2 in one call (NULL: two rb_linear calls).
    void (*feed_forward)(const float *x, int rows, const struct rb_packed_bf16 *w1, const float *b1,
                         const struct rb_packed_bf16 *w2, const float *b2, float *y, int threads);
    // n products of one input (weights of one input width and kind), x rounded once (NULL: n rb_linear calls).
    void (*linear_shared)(const float *x, int rows, int n, const struct rb_packed_bf16 *const *w, const float *const *bias,
                          float *const *y, int threads);
} rb_path;

extern const rb_path rb_path_amx;
extern const rb_path rb_path_avx512bf16;
extern const rb_path rb_path_avx2;
extern const rb_path rb_path_scalar;

// The path weights packed now will take (forced, else the best this CPU runs).
const rb_path *rb_current_path(void);

// Runs fn(ctx) on the calling thread and on up to `helpers` pool workers at once; fn takes its
// work from a counter in ctx, so any number of hands gives the same result.
void rb_parallel(void (*fn)(void *), void *ctx, int helpers);

// Asks Linux for AMX tile state for this process (linear_amx.c); 1 when granted.
int rb_request_amx_permission(void);
// Loads the AMX kernels' tile configuration on the calling thread, once (linear_amx.c).
void rb_amx_configure(void);

// dst[0, 2·kp) = bf16(row[2·p0 + j]) with zeros past the true width k: one contiguous,
// vectorisable pass before the strided copy into a path's A-tile layout.
void rb_round_pairs_bf16(const float *row, int k, int p0, int kp, uint16_t *dst);

// GELU (exact erf) in place over a rows × cols tile with row stride ldc (rowops.c).
void rb_gelu_tile(float *c, int rows, int cols, int ldc);

// A-tile layout shared by the AVX2 and scalar paths: [p][row][2] floats, bf16-rounded.
void rb_pack_a_f32pairs(const float *x, int ldx, int k, int mr, int p0, int kp, void *dst, int MR);

#endif
