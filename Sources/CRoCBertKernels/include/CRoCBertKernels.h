// CRoCBertKernels: CPU kernels the Swift model calls where OpenBLAS alone is not enough.
//
// bf16 Linear: weights are rounded to bfloat16 and packed once (rb_pack_weights_bf16),
// activations are rounded to bf16 on the fly, products accumulate in fp32.
// Paths, picked at run time when weights are packed: AMX (tdpbf16ps, on a layout of its own),
// else AVX512-BF16 (vdpbf16ps), else AVX2+FMA on the same packed panels widened to fp32 in
// registers, else portable C. All four compute the same numbers up to summation order: a
// product of two bf16 values is exact in fp32.
#ifndef CROCBERTKERNELS_H
#define CROCBERTKERNELS_H

#ifdef __cplusplus
extern "C" {
#endif

/// Weights of one Linear layer, rounded to bf16 and packed for rb_linear_bf16.
typedef struct rb_packed_bf16 rb_packed_bf16;

/// 1 when the CPU (and OS) support AVX-512F (OpenBLAS's SkylakeX kernels).
int rb_cpu_has_avx512f(void);
/// 1 when the CPU (and OS) support AVX512-BF16, the fast path of rb_linear_bf16.
int rb_cpu_has_avx512_bf16(void);
/// 1 when the CPU has AMX-TILE, AMX-BF16 and AVX512-BF16 and Linux granted this process AMX state.
int rb_cpu_has_amx_bf16(void);
/// 1 when the CPU supports AVX2 and FMA (the widened-bf16 path and the row kernels).
int rb_cpu_has_avx2_fma(void);
/// The FP32 fused multiply-add ceiling of `threads` threads in GFLOP/s (best of `rounds` ~25 ms runs, no memory traffic); 0 without AVX2/FMA.
double rb_fp32_fma_peak_gflops(int threads, int rounds);
/// glibc's mallopt: blocks up to mmap_threshold bytes come from the heap, free heap tops go back to the kernel only past trim_threshold; 1 when both were set, 0 elsewhere.
int rb_keep_freed_memory(int mmap_threshold, int trim_threshold);
/// Name of the path weights packed now take on this CPU: "amx", "avx512bf16", "avx2" or "scalar".
const char *rb_linear_bf16_path(void);
/// Forces the path of weights packed after the call ("amx", "avx512bf16", "avx2", "scalar"; NULL: the best) for tests and benchmarks; 0 when this CPU cannot run it.
int rb_linear_bf16_force_path(const char *name);

/// Rounds w[out, in] (row-major, PyTorch nn.Linear layout) to bf16 and packs it; NULL on allocation failure.
rb_packed_bf16 *rb_pack_weights_bf16(const float *w, int out, int in);
/// Splits w[out, in] into hi = bf16(w) and lo = bf16(w - hi) and packs both for bf16x3 products
/// (x split the same way, y = hi·hi + lo·hi + hi·lo: about 16 significant bits per operand, fp32-class
/// results at AMX speed); NULL on allocation failure or when the current path is not AMX.
rb_packed_bf16 *rb_pack_weights_bf16x3(const float *w, int out, int in);
/// Releases a packed weight handle (NULL is allowed).
void rb_free_packed_bf16(rb_packed_bf16 *packed);
/// Output width (rows of the original W).
int rb_packed_bf16_out(const rb_packed_bf16 *packed);
/// Input width (columns of the original W).
int rb_packed_bf16_in(const rb_packed_bf16 *packed);

/// y[rows, out] = bf16(x)[rows, in] · bf16(W)ᵀ + bias, fp32 accumulation; bias may be NULL; y must not alias x.
/// For bf16x3 weights x is split into hi and lo like W and y = x_hi·W_hiᵀ + x_lo·W_hiᵀ + x_hi·W_loᵀ + bias.
void rb_linear_bf16(const float *x, int rows, const rb_packed_bf16 *packed, const float *bias, float *y);

/// y = gelu_erf(x · Wᵀ + bias): rb_linear_bf16 with exact GELU applied to each tile while it is in cache.
void rb_linear_bf16_gelu(const float *x, int rows, const rb_packed_bf16 *packed, const float *bias, float *y);

/// y[i] = x · W[i]ᵀ + bias[i] for n weights of one input width (attention's query, key and value; bias[i] may be NULL): the same numbers as n rb_linear_bf16 calls, with x rounded to bf16 once on the AMX path.
void rb_linear_bf16_shared(const float *x, int rows, int n, const rb_packed_bf16 *const *w, const float *const *bias,
                           float *const *y);

/// y = gelu_erf(x · W1ᵀ + b1) · W2ᵀ + b2 (a transformer's feed-forward block; W2's input width is W1's output width): the same numbers as rb_linear_bf16_gelu then rb_linear_bf16, with the intermediate kept in bf16 (hi and lo for bf16x3 weights, which both must be) on the AMX path.
void rb_feed_forward_bf16(const float *x, int rows, const rb_packed_bf16 *w1, const float *b1,
                          const rb_packed_bf16 *w2, const float *b2, float *y);

/// Attention with bf16 operands on AMX, what PyTorch's bf16 autocast computes: per batch row b and head h,
/// context[b, i, h·d + j] = Σ_r P[i, r] · v[b, r, h·d + j] with P = softmax_r(q_i · k_r / √d + bias) · head_scale[h],
/// q, k, v and P rounded to bf16, fp32 sums and an fp32 softmax. q and context are [batch, queries, heads·d]; k and v
/// are rows of heads·d floats, kv_stride floats apart per batch row. bias is the reference's additive mask,
/// (1 − keep[b, r]) · −FLT_MAX (keep NULL: every key kept), and −FLT_MAX for keys past past + i when causal.
/// head_scale may be NULL. Returns 0, writing nothing, when the current path is not AMX (or keys < 1).
int rb_attention_bf16(const float *q, const float *k, const float *v, long kv_stride, int batch, int queries, int keys,
                      int heads, int d, const float *keep, int causal, int past, const float *head_scale, float *context);

/// Threads rb_linear_bf16 may use per call (default 2; small products use one).
void rb_set_num_threads(int threads);
/// Current thread setting of rb_linear_bf16.
int rb_get_num_threads(void);

/// Rounds one float to bf16 (round to nearest even, NaN kept quiet) and back to float.
float rb_round_bf16(float x);
/// y[i] = rb_round_bf16(x[i]) for i < n (y may be x).
void rb_round_bf16_array(const float *x, float *y, long n);

// Row kernels are single-threaded: callers split rows across threads (rows are independent).

/// x[r, i] = gelu_erf(x[r, i] + bias[i]) in place over rows × width; bias may be NULL.
void rb_bias_gelu(float *x, int rows, int width, const float *bias);
/// Tests: runs GELU 16 (AVX-512), 8 (AVX2) or 1 (scalar) lanes wide, 0 = the widest the CPU has; 0 if unavailable.
int rb_gelu_force_lanes(int lanes);
/// x = LayerNorm(x + residual) per row, in place; residual may be NULL.
void rb_layer_norm(float *x, int rows, int width, const float *residual,
                   const float *gamma, const float *beta, float eps);
/// Softmax over each row in place (max-subtracted).
void rb_softmax_rows(float *x, int rows, int width);

/// Asks the kernel to send SIGTERM to this process when its parent dies (Linux); 0 when set with
/// `parent` still our parent, 1 when the parent is already gone, -1 where unsupported.
int rb_terminate_with_parent(int parent);

#ifdef __cplusplus
}
#endif
#endif
