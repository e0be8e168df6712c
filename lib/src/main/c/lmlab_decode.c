/*
 * lmlab's native decode layers: every decoder layer of one decode step (one new token per
 * sequence) in one call, for the rows of several sequences at once. Per layer: RMSNorm, the q|k|v
 * product (lmlab_product, no JNI per product), the optional q|k|v bias, the rotation of q and k
 * with cos/sin rows the caller built (rotate-half's sign folded into sin, an exact attention scale
 * folded into the query's), the new keys and values written into each sequence's cache in place,
 * attention of each row over its own contiguous run of slots (grouped-query: head h reads kv head
 * h / group), the output product and residual, RMSNorm, gate|up product, SiLU(gate) * up, the down
 * product and residual; after the last layer the final RMSNorm.
 *
 * Arithmetic: as the engine's decode pass computes it (F32, products with F16 rounding flags for F16
 * weights), with each sum in its own fixed order. Every row is computed from its own values only
 * (the products' rows are independent, attention reads the row's own cache), so a sequence's result
 * does not depend on the batch it shares the call with. Built with -ffp-contract=off like the products.
 * The AVX2 path takes its own exp (exp_avx2, softmax and SiLU) and runs up to 3 query heads of a
 * key/value head in one pass over its slots, asking for the next cache block while it computes.
 *
 * Caches: per layer, tensor and kv head a [capacity, headDim] F32 block:
 * element (layer, head, slot, j) at ((layer * kvHeads + head) * capacity + slot) * headDim + j.
 */
#include <jni.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <immintrin.h>
#include "lmlab_kernel.h"

/* One layer's operands: norms and bias F32 vectors, matrices [out, in] of the model's type. */
typedef struct {
    const float *input_norm;
    const void *qkv;
    const float *qkv_bias; /* null: none */
    const void *out;
    const float *post_norm;
    const void *gate_up;
    const void *down;
} layer_t;

typedef struct {
    int isa;
    int layers, hidden, heads, kv_heads, head_dim, inner, type, flags;
    float eps;
    const float *final_norm;
    layer_t layer[];
} model_t;

/* A sequence's row: its cache tensors and slots. */
typedef struct {
    float *raw;           /* un-rotated keys (the only keys when nothing rotates) */
    float *rotated;       /* rotated keys, or null when the cache does not rotate */
    float *values;
    int capacity, slot, from, to;
} row_t;

/* ---------- vector helpers: a fixed order per call, scalar or AVX2 ---------- */

#define AVX2 __attribute__((target("avx2,fma,f16c")))

static float dot_scalar(const float *a, const float *b, int n) {
    float s = 0.0f;
    for (int i = 0; i < n; i++) {
        s += a[i] * b[i];
    }
    return s;
}

#define INLINE_AVX2 static inline __attribute__((always_inline, target("avx2,fma,f16c")))

INLINE_AVX2 float hsum_avx2(__m256 acc) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(acc), _mm256_extractf128_ps(acc, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

static AVX2 float dot_avx2(const float *a, const float *b, int n) {
    __m256 acc = _mm256_setzero_ps();
    int i = 0;
    for (; i + 8 <= n; i += 8) {
        acc = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc);
    }
    float r = hsum_avx2(acc);
    for (; i < n; i++) {
        r += a[i] * b[i];
    }
    return r;
}

/*
 * e^x for 8 floats (AVX2): x = n ln2 + r with |r| <= ln2/2 (n to nearest, r by two multiply-adds with
 * ln2 split in a float and its remainder), e^r by its Taylor polynomial of degree 7 (truncation below
 * 1e-8 relative), times 2^n applied as 2^(n/2) twice so that a result in the subnormals is rounded
 * once. x is clamped to [-104, 89] first: beyond, e^x is 0 (below half the least subnormal) or
 * overflows to infinity. NaN gives NaN. Error at most 0.86 ulp measured (NativeExpTest).
 */
INLINE_AVX2 __m256 exp_avx2(__m256 x) {
    __m256 c = _mm256_min_ps(_mm256_max_ps(x, _mm256_set1_ps(-104.0f)), _mm256_set1_ps(89.0f));
    __m256 n = _mm256_round_ps(_mm256_mul_ps(c, _mm256_set1_ps(0x1.715476p+0f)),
            _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fmadd_ps(n, _mm256_set1_ps(-0x1.62e430p-1f), c);
    r = _mm256_fmadd_ps(n, _mm256_set1_ps(0x1.05c610p-29f), r);
    __m256 p = _mm256_set1_ps(0x1.a01a02p-13f);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(0x1.6c16c2p-10f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(0x1.111112p-7f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(0x1.555556p-5f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(0x1.555556p-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(0.5f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
    __m256i k = _mm256_cvtps_epi32(n);
    __m256i half = _mm256_srai_epi32(k, 1);
    __m256i bias = _mm256_set1_epi32(127);
    __m256 s1 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(half, bias), 23));
    __m256 s2 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(_mm256_sub_epi32(k, half), bias), 23));
    __m256 e = _mm256_mul_ps(_mm256_mul_ps(p, s1), s2);
    return _mm256_blendv_ps(e, _mm256_add_ps(x, x), _mm256_cmp_ps(x, x, _CMP_UNORD_Q));
}

/* Lanes below left (all 8 from 8 on): the mask of a vector loop's last, partial vector. */
INLINE_AVX2 __m256i lanes_avx2(int left) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(left), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

/* The sums of four accumulators' lanes, each ((0+1)+(2+3))+((4+5)+(6+7)) whatever the others hold. */
INLINE_AVX2 __m128 sum4_avx2(__m256 a0, __m256 a1, __m256 a2, __m256 a3) {
    __m256 t = _mm256_hadd_ps(_mm256_hadd_ps(a0, a1), _mm256_hadd_ps(a2, a3));
    return _mm_add_ps(_mm256_castps256_ps128(t), _mm256_extractf128_ps(t, 1));
}

/*
 * Cache lines asked for into L2 a few per loop iteration. Attention reads each cache block from
 * memory (the weights streamed since its last use evicted it); with each pass over one block asking
 * for the next, memory streams at full rate instead of one demand miss after another (prefetcht1:
 * as for the weights, an L1 prefetch holds one of L1's few miss buffers until its line arrives).
 */
typedef struct {
    const char *at, *end;
    int per_step;
} lines_t;

/* The lines of [at, at + bytes) in steps of a loop of n iterations (none when bytes is 0). */
static lines_t lines_of(const char *at, size_t bytes, int n) {
    lines_t l = {0, 0, 0};
    if (bytes) {
        l.at = (const char *) ((uintptr_t) at & ~(uintptr_t) 63);
        l.end = at + bytes;
        l.per_step = (int) (((l.end - l.at + 63) / 64 + n - 1) / n);
    }
    return l;
}

INLINE_AVX2 void prefetch_step(lines_t *l) {
    for (int i = 0; i < l->per_step && l->at < l->end; i++, l->at += 64) {
        _mm_prefetch(l->at, _MM_HINT_T1);
    }
}

/* Query heads sharing one pass over their key/value head's slots (grouped-query attention). */
#define HEADS_PER_PASS 3

/*
 * scores[h * stride + s] = (q_h . keys[s]) * scale for nh (1..HEADS_PER_PASS) heads q_h = q + h * d
 * and count keys of d (a multiple of 8) floats: each key read once for all nh heads, four keys at a
 * time (a last partial four repeats the last key), so every score is summed the same way wherever
 * its key falls (sum4_avx2). stride: count rounded up to 8. Always inlined with a constant nh: the
 * accumulators stay in registers.
 */
INLINE_AVX2 void scores_avx2(int nh, const float *q, const float *keys, int count, int d, float scale, float *scores,
        int stride, lines_t ahead) {
    for (int s = 0; s < count; s += 4) {
        prefetch_step(&ahead);
        const float *k[4];
        for (int t = 0; t < 4; t++) {
            k[t] = keys + (size_t) (s + t < count ? s + t : count - 1) * d;
        }
        __m256 acc[HEADS_PER_PASS][4];
        for (int h = 0; h < nh; h++) {
            for (int t = 0; t < 4; t++) {
                acc[h][t] = _mm256_setzero_ps();
            }
        }
        for (int i = 0; i < d; i += 8) {
            __m256 kv[4];
            for (int t = 0; t < 4; t++) {
                kv[t] = _mm256_loadu_ps(k[t] + i);
            }
            for (int h = 0; h < nh; h++) {
                __m256 qv = _mm256_loadu_ps(q + (size_t) h * d + i);
                for (int t = 0; t < 4; t++) {
                    acc[h][t] = _mm256_fmadd_ps(qv, kv[t], acc[h][t]);
                }
            }
        }
        for (int h = 0; h < nh; h++) {
            __m128 sums = _mm_mul_ps(sum4_avx2(acc[h][0], acc[h][1], acc[h][2], acc[h][3]), _mm_set1_ps(scale));
            _mm_storeu_ps(scores + (size_t) h * stride + s, sums); /* past count: within stride, overwritten */
        }
    }
}

/*
 * p[s] = e^(p[s] - max) / sum of them over n (a multiple of 8) scores, those past the run set to
 * -infinity (weight 0), in place: whole vectors only, since masked stores are slow on AMD's cores.
 */
static AVX2 void softmax_avx2(float *p, int n) {
    __m256 top = _mm256_set1_ps(-INFINITY);
    for (int s = 0; s < n; s += 8) {
        top = _mm256_max_ps(top, _mm256_loadu_ps(p + s));
    }
    __m128 m = _mm_max_ps(_mm256_castps256_ps128(top), _mm256_extractf128_ps(top, 1));
    m = _mm_max_ps(m, _mm_movehl_ps(m, m));
    __m256 max = _mm256_broadcastss_ps(_mm_max_ss(m, _mm_movehdup_ps(m)));
    __m256 sum = _mm256_setzero_ps();
    for (int s = 0; s < n; s += 8) {
        __m256 e = exp_avx2(_mm256_sub_ps(_mm256_loadu_ps(p + s), max));
        sum = _mm256_add_ps(sum, e);
        _mm256_storeu_ps(p + s, e);
    }
    __m256 total = _mm256_set1_ps(hsum_avx2(sum));
    for (int s = 0; s < n; s += 8) {
        _mm256_storeu_ps(p + s, _mm256_div_ps(_mm256_loadu_ps(p + s), total));
    }
}

/* weigh_avx2's columns [j, j + 8 * nv), nv 1..4, for nh heads: nh * nv accumulators over all slots. */
INLINE_AVX2 void weigh_columns_avx2(int nh, int nv, const float *p, int stride, const float *values, int count, int d,
        int j, float *out, lines_t *ahead) {
    __m256 acc[HEADS_PER_PASS][4];
    for (int h = 0; h < nh; h++) {
        for (int t = 0; t < nv; t++) {
            acc[h][t] = _mm256_setzero_ps();
        }
    }
    for (int s = 0; s < count; s++) {
        prefetch_step(ahead);
        const float *v = values + (size_t) s * d + j;
        for (int h = 0; h < nh; h++) {
            __m256 w = _mm256_broadcast_ss(p + (size_t) h * stride + s);
            for (int t = 0; t < nv; t++) {
                acc[h][t] = _mm256_fmadd_ps(w, _mm256_loadu_ps(v + 8 * t), acc[h][t]);
            }
        }
    }
    for (int h = 0; h < nh; h++) {
        for (int t = 0; t < nv; t++) {
            _mm256_storeu_ps(out + (size_t) h * d + j + 8 * t, acc[h][t]);
        }
    }
}

/* The passes over all slots weigh_avx2 makes for d columns: one per 32, then one per 8. */
static int weigh_passes(int d) {
    return d / 32 + d % 32 / 8;
}

/*
 * out_h[j] = sum over s of p[h * stride + s] * values[s][j] for nh heads (out_h = out + h * d), d a
 * multiple of 8: the sum over s in order from 0 with one multiply-add each, so the bits do not
 * depend on how the heads or the columns are split; each value read once for all nh heads,
 * columns 32 at a time (12 accumulators for 3 heads), the rest 8 at a time.
 */
INLINE_AVX2 void weigh_avx2(int nh, const float *p, int stride, const float *values, int count, int d, float *out,
        lines_t ahead) {
    int j = 0;
    for (; j + 32 <= d; j += 32) {
        weigh_columns_avx2(nh, 4, p, stride, values, count, d, j, out, &ahead);
    }
    for (; j < d; j += 8) {
        weigh_columns_avx2(nh, 1, p, stride, values, count, d, j, out, &ahead);
    }
}

/* A key/value head's slots in a row's run: keys and values, bytes each (0: none). */
typedef struct {
    const char *keys, *values;
    size_t bytes;
} block_t;

INLINE_AVX2 void heads_avx2(int nh, const float *q, const float *keys, const float *values, int count, int d,
        float scale, float *p, int stride, float *out, block_t next) {
    scores_avx2(nh, q, keys, count, d, scale, p, stride, lines_of(next.keys, next.bytes, (count + 3) / 4));
    for (int h = 0; h < nh; h++) {
        for (int i = count; i < stride; i++) {
            p[(size_t) h * stride + i] = -INFINITY;
        }
        softmax_avx2(p + (size_t) h * stride, stride);
    }
    weigh_avx2(nh, p, stride, values, count, d, out, lines_of(next.values, next.bytes, weigh_passes(d) * count));
}

/* Attention of nh (1..HEADS_PER_PASS) query heads over their shared keys and values; p: nh * stride floats. */
static AVX2 void attend_heads_avx2(int nh, const float *q, const float *keys, const float *values, int count, int d,
        float scale, float *p, int stride, float *out, block_t next) {
    if (nh == 3) {
        heads_avx2(3, q, keys, values, count, d, scale, p, stride, out, next);
    } else if (nh == 2) {
        heads_avx2(2, q, keys, values, count, d, scale, p, stride, out, next);
    } else {
        heads_avx2(1, q, keys, values, count, d, scale, p, stride, out, next);
    }
}

/* y += p * v */
static void axpy_scalar(float *y, float p, const float *v, int n) {
    for (int i = 0; i < n; i++) {
        y[i] += p * v[i];
    }
}

static AVX2 void axpy_avx2(float *y, float p, const float *v, int n) {
    __m256 pv = _mm256_set1_ps(p);
    int i = 0;
    for (; i + 8 <= n; i += 8) {
        _mm256_storeu_ps(y + i, _mm256_fmadd_ps(pv, _mm256_loadu_ps(v + i), _mm256_loadu_ps(y + i)));
    }
    for (; i < n; i++) {
        y[i] += p * v[i];
    }
}

static float dot(int isa, const float *a, const float *b, int n) {
    return isa == ISA_AVX2 ? dot_avx2(a, b, n) : dot_scalar(a, b, n);
}

static void axpy(int isa, float *y, float p, const float *v, int n) {
    if (isa == ISA_AVX2) {
        axpy_avx2(y, p, v, n);
    } else {
        axpy_scalar(y, p, v, n);
    }
}

/* ---------- the steps ---------- */

/* x / sqrt(mean(x^2) + eps) * w for one row of n (the sum of squares in double), in place or not */
static void rms_norm_scalar(const float *x, const float *w, float *y, int n, float eps) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
        sum += (double) x[i] * x[i];
    }
    float root = sqrtf((float) (sum / n) + eps);
    for (int i = 0; i < n; i++) {
        y[i] = x[i] / root * w[i];
    }
}

/* As rms_norm_scalar, the squares (exact in double) summed in 8 double lanes, then the lanes in a fixed order. */
static AVX2 void rms_norm_avx2(const float *x, const float *w, float *y, int n, float eps) {
    __m256d low = _mm256_setzero_pd();
    __m256d high = low;
    int i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 v = _mm256_loadu_ps(x + i);
        __m256d a = _mm256_cvtps_pd(_mm256_castps256_ps128(v));
        __m256d b = _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1));
        low = _mm256_fmadd_pd(a, a, low);
        high = _mm256_fmadd_pd(b, b, high);
    }
    __m256d lanes = _mm256_add_pd(low, high);
    __m128d half = _mm_add_pd(_mm256_castpd256_pd128(lanes), _mm256_extractf128_pd(lanes, 1));
    double sum = _mm_cvtsd_f64(_mm_add_sd(half, _mm_unpackhi_pd(half, half)));
    for (; i < n; i++) {
        sum += (double) x[i] * x[i];
    }
    float root = sqrtf((float) (sum / n) + eps);
    __m256 roots = _mm256_set1_ps(root);
    int j = 0;
    for (; j + 8 <= n; j += 8) {
        _mm256_storeu_ps(y + j, _mm256_mul_ps(_mm256_div_ps(_mm256_loadu_ps(x + j), roots), _mm256_loadu_ps(w + j)));
    }
    for (; j < n; j++) {
        y[j] = x[j] / root * w[j];
    }
}

/* y = x / sqrt(mean(x^2) + eps) * w, per row of n */
static void rms_norm(int isa, const float *x, const float *w, float *y, int rows, int n, float eps) {
    for (int r = 0; r < rows; r++) {
        if (isa == ISA_AVX2) {
            rms_norm_avx2(x + (size_t) r * n, w, y + (size_t) r * n, n, eps);
        } else {
            rms_norm_scalar(x + (size_t) r * n, w, y + (size_t) r * n, n, eps);
        }
    }
}

/* act = SiLU(gate) * up = gate / (1 + e^-gate) * up, as sigmoid * gate * up; n floats */
static void silu_scalar(const float *gate, const float *up, float *act, int n) {
    for (int i = 0; i < n; i++) {
        float sigmoid = 1.0f / (1.0f + expf(-gate[i]));
        act[i] = sigmoid * gate[i] * up[i];
    }
}

INLINE_AVX2 __m256 silu8_avx2(__m256 gate, __m256 up) {
    __m256 one = _mm256_set1_ps(1.0f);
    __m256 sigmoid = _mm256_div_ps(one, _mm256_add_ps(one, exp_avx2(_mm256_xor_ps(gate, _mm256_set1_ps(-0.0f)))));
    return _mm256_mul_ps(_mm256_mul_ps(sigmoid, gate), up);
}

/* Whole vectors, then a masked last one (masked stores are slow on AMD's cores: only where needed). */
static AVX2 void silu_avx2(const float *gate, const float *up, float *act, int n) {
    int i = 0;
    for (; i + 8 <= n; i += 8) {
        _mm256_storeu_ps(act + i, silu8_avx2(_mm256_loadu_ps(gate + i), _mm256_loadu_ps(up + i)));
    }
    if (i < n) {
        __m256i keep = lanes_avx2(n - i);
        __m256 last = silu8_avx2(_mm256_maskload_ps(gate + i, keep), _mm256_maskload_ps(up + i, keep));
        _mm256_maskstore_ps(act + i, keep, last);
    }
}

/* The product over any number of rows, MAX_ROWS at a time (a row's result does not depend on its chunk). */
static const char *products(const model_t *m, const void *w, int out, int in, const float *x, float *y, int rows) {
    for (int r = 0; r < rows; r += MAX_ROWS) {
        int n = rows - r < MAX_ROWS ? rows - r : MAX_ROWS;
        const char *error = lmlab_product(m->isa, w, m->type, out, in, m->flags, x + (size_t) r * in,
                y + (size_t) r * out, n);
        if (error) {
            return error;
        }
    }
    return 0;
}

/*
 * Rotates the q and k heads of one row: out[j] = v[j] * cos[j] + v[j ± d/2] * sin[j] (the halves
 * swapped, sin negative on the first half), as the engine's decode pass does with flip and two products.
 */
static void rotate(const float *v, const float *cos, const float *sin, float *out, int count, int d) {
    int half = d / 2;
    for (int h = 0; h < count; h++) {
        const float *vh = v + (size_t) h * d;
        const float *c = cos + (size_t) h * d;
        const float *s = sin + (size_t) h * d;
        float *o = out + (size_t) h * d;
        for (int j = 0; j < half; j++) { /* two loops without a choice per element: vectorised */
            o[j] = vh[j] * c[j] + vh[j + half] * s[j];
        }
        for (int j = half; j < d; j++) {
            o[j] = vh[j] * c[j] + vh[j - half] * s[j];
        }
    }
}

static float *slot_of(float *tensor, const model_t *m, const row_t *row, int layer, int head, int slot) {
    return tensor + (((size_t) layer * m->kv_heads + head) * row->capacity + slot) * m->head_dim;
}

/* One head's attention, any d: dot products, softmax with libm's expf, then p[s] * values[s] added in order. */
static void attend_head(int isa, const float *q, const float *keys, const float *values, int count, int d, float scale,
        float *p, float *out) {
    for (int s = 0; s < count; s++) {
        p[s] = dot(isa, q, keys + (size_t) s * d, d) * scale;
    }
    float max = -INFINITY;
    for (int s = 0; s < count; s++) {
        max = p[s] > max ? p[s] : max;
    }
    float sum = 0.0f;
    for (int s = 0; s < count; s++) {
        p[s] = expf(p[s] - max);
        sum += p[s];
    }
    memset(out, 0, (size_t) d * sizeof(float));
    for (int s = 0; s < count; s++) {
        axpy(isa, out, p[s] / sum, values + (size_t) s * d, d);
    }
}

/* Key/value head kv's block of row's run in layer (none for a null row). */
static block_t block_of(const model_t *m, const row_t *row, int layer, int kv) {
    block_t b = {0, 0, 0};
    if (row) {
        b.keys = (const char *) slot_of(row->rotated ? row->rotated : row->raw, m, row, layer, kv, row->from);
        b.values = (const char *) slot_of(row->values, m, row, layer, kv, row->from);
        b.bytes = (size_t) (row->to - row->from) * m->head_dim * sizeof(float);
    }
    return b;
}

/* Asks for a whole block at once: the first a layer reads, which no earlier pass asked for. */
static AVX2 void prefetch_block(block_t b) {
    lines_t keys = lines_of(b.keys, b.bytes, 1);
    lines_t values = lines_of(b.values, b.bytes, 1);
    prefetch_step(&keys);
    prefetch_step(&values);
}

/*
 * One row's attention for one layer: q [heads, d] (rotated, scaled where exact), its keys and
 * values in slots [from, to) of its cache; out [heads, d]. p: room for HEADS_PER_PASS rows of the
 * run rounded up to 8 floats. next: the row attended after this one (its first block is prefetched
 * during the last one here), or null.
 */
static void attend(const model_t *m, const row_t *row, const row_t *next, int layer, const float *q, float scale,
        float *p, float *out) {
    int d = m->head_dim;
    int group = m->heads / m->kv_heads;
    int count = row->to - row->from;
    int stride = (count + 7) / 8 * 8;
    for (int kv = 0; kv < m->kv_heads; kv++) {
        block_t here = block_of(m, row, layer, kv);
        const float *k = (const float *) here.keys;
        const float *v = (const float *) here.values;
        for (int h = kv * group; h < (kv + 1) * group; h += HEADS_PER_PASS) {
            int nh = (kv + 1) * group - h < HEADS_PER_PASS ? (kv + 1) * group - h : HEADS_PER_PASS;
            if (m->isa == ISA_AVX2 && d % 8 == 0) {
                /* the next pass's block: this one again for the group's further heads */
                block_t ahead = h + nh < (kv + 1) * group ? here
                        : kv + 1 < m->kv_heads ? block_of(m, row, layer, kv + 1) : block_of(m, next, layer, 0);
                attend_heads_avx2(nh, q + (size_t) h * d, k, v, count, d, scale, p, stride, out + (size_t) h * d,
                        ahead);
                continue;
            }
            for (int i = h; i < h + nh; i++) {
                attend_head(m->isa, q + (size_t) i * d, k, v, count, d, scale, p, out + (size_t) i * d);
            }
        }
    }
}

/* Scratch of one step, one block. */
typedef struct {
    float *norm, *qkv, *rotated, *attention, *delta, *gate_up, *act, *p;
} scratch_t;

static const char *layer_step(const model_t *m, int l, float *x, int rows, const float *cos, const float *sin,
        const row_t *seq, float scale, int raw_keys, scratch_t *t) {
    const layer_t *w = &m->layer[l];
    int d = m->head_dim;
    int all = m->heads + m->kv_heads;
    int q_width = m->heads * d;
    int kv_width = m->kv_heads * d;
    int qkv_width = q_width + 2 * kv_width;
    const char *error;
    rms_norm(m->isa, x, w->input_norm, t->norm, rows, m->hidden, m->eps);
    if ((error = products(m, w->qkv, qkv_width, m->hidden, t->norm, t->qkv, rows))) {
        return error;
    }
    if (m->isa == ISA_AVX2 && rows > 0) {
        prefetch_block(block_of(m, &seq[0], l, 0));
    }
    for (int r = 0; r < rows; r++) {
        float *qkv = t->qkv + (size_t) r * qkv_width;
        if (w->qkv_bias) {
            for (int i = 0; i < qkv_width; i++) {
                qkv[i] += w->qkv_bias[i];
            }
        }
        float *rot = t->rotated + (size_t) r * all * d;
        rotate(qkv, cos + (size_t) r * all * d, sin + (size_t) r * all * d, rot, all, d);
        const row_t *row = &seq[r];
        for (int h = 0; h < m->kv_heads; h++) {
            const float *k = rot + (size_t) (m->heads + h) * d;
            const float *raw = qkv + q_width + (size_t) h * d;
            const float *v = qkv + q_width + kv_width + (size_t) h * d;
            if (row->rotated) {
                if (raw_keys) {
                    memcpy(slot_of(row->raw, m, row, l, h, row->slot), raw, (size_t) d * sizeof(float));
                }
                memcpy(slot_of(row->rotated, m, row, l, h, row->slot), k, (size_t) d * sizeof(float));
            } else {
                memcpy(slot_of(row->raw, m, row, l, h, row->slot), k, (size_t) d * sizeof(float));
            }
            memcpy(slot_of(row->values, m, row, l, h, row->slot), v, (size_t) d * sizeof(float));
        }
        attend(m, row, r + 1 < rows ? &seq[r + 1] : 0, l, rot, scale, t->p, t->attention + (size_t) r * q_width);
    }
    if ((error = products(m, w->out, m->hidden, q_width, t->attention, t->delta, rows))) {
        return error;
    }
    size_t n = (size_t) rows * m->hidden;
    for (size_t i = 0; i < n; i++) {
        x[i] += t->delta[i];
    }
    rms_norm(m->isa, x, w->post_norm, t->norm, rows, m->hidden, m->eps);
    if ((error = products(m, w->gate_up, 2 * m->inner, m->hidden, t->norm, t->gate_up, rows))) {
        return error;
    }
    for (int r = 0; r < rows; r++) {
        const float *gate = t->gate_up + (size_t) r * 2 * m->inner;
        const float *up = gate + m->inner;
        float *act = t->act + (size_t) r * m->inner;
        if (m->isa == ISA_AVX2) {
            silu_avx2(gate, up, act, m->inner);
        } else {
            silu_scalar(gate, up, act, m->inner);
        }
    }
    if ((error = products(m, w->down, m->hidden, m->inner, t->act, t->delta, rows))) {
        return error;
    }
    for (size_t i = 0; i < n; i++) {
        x[i] += t->delta[i];
    }
    return 0;
}

/*
 * Every layer for rows x [rows, hidden] (replaced by the final-normalised hidden states); cos/sin
 * [rows, heads + kvHeads, headDim]; scores multiplied by scale (1 where it is folded into q).
 */
static const char *decode_step(const model_t *m, float *x, int rows, const float *cos, const float *sin,
        const row_t *seq, float scale, int raw_keys) {
    int d = m->head_dim;
    int all = m->heads + m->kv_heads;
    int keys = 1;
    for (int r = 0; r < rows; r++) {
        keys = seq[r].to - seq[r].from > keys ? seq[r].to - seq[r].from : keys;
    }
    size_t sizes[8] = {(size_t) rows * m->hidden, (size_t) rows * (all + m->kv_heads) * d, (size_t) rows * all * d,
            (size_t) rows * m->heads * d, (size_t) rows * m->hidden, (size_t) rows * 2 * m->inner,
            (size_t) rows * m->inner, (size_t) HEADS_PER_PASS * ((keys + 7) / 8 * 8)};
    size_t total = 0;
    for (int i = 0; i < 8; i++) {
        total += (sizes[i] + 15) / 16 * 16; /* each part on a 64-byte boundary */
    }
    float *block = aligned_alloc(64, total * sizeof(float));
    if (!block) {
        return "out of memory for the decode step's scratch";
    }
    float **parts[8];
    scratch_t t;
    parts[0] = &t.norm;
    parts[1] = &t.qkv;
    parts[2] = &t.rotated;
    parts[3] = &t.attention;
    parts[4] = &t.delta;
    parts[5] = &t.gate_up;
    parts[6] = &t.act;
    parts[7] = &t.p;
    float *next = block;
    for (int i = 0; i < 8; i++) {
        *parts[i] = next;
        next += (sizes[i] + 15) / 16 * 16;
    }
    const char *error = 0;
    for (int l = 0; l < m->layers && !error; l++) {
        error = layer_step(m, l, x, rows, cos, sin, seq, scale, raw_keys, &t);
    }
    if (!error) {
        rms_norm(m->isa, x, m->final_norm, x, rows, m->hidden, m->eps);
    }
    free(block);
    return error;
}

/* ---------- JNI: org.lmlab.model.engine.kernels.NativeProducts ---------- */

#define JNI_NAME(name) Java_org_lmlab_model_engine_kernels_NativeProducts_##name
#define LAYER_ADDRESSES 7
#define DIMS 8

static void throw_state(JNIEnv *env, const char *message) {
    jclass c = (*env)->FindClass(env, "java/lang/IllegalStateException");
    if (c) {
        (*env)->ThrowNew(env, c, message);
    }
}

/*
 * dims: layers, hidden, heads, kvHeads, headDim, inner, type, flags; addresses: per layer input
 * norm, qkv, qkv bias (0: none), out, post norm, gate|up, down; then the final norm. The caller
 * (NativeDecodeLayers) has checked the shapes and keeps the memory alive. Returns 0 when out of memory.
 */
JNIEXPORT jlong JNICALL JNI_NAME(decodeModel)(JNIEnv *env, jclass cls, jint isa, jintArray dims, jfloat eps,
        jlongArray addresses) {
    jint dim[DIMS];
    (*env)->GetIntArrayRegion(env, dims, 0, DIMS, dim);
    int layers = dim[0];
    model_t *m = malloc(sizeof(model_t) + (size_t) layers * sizeof(layer_t));
    jlong *a = malloc(((size_t) layers * LAYER_ADDRESSES + 1) * sizeof(jlong));
    if (!m || !a) {
        free(m);
        free(a);
        return 0;
    }
    (*env)->GetLongArrayRegion(env, addresses, 0, layers * LAYER_ADDRESSES + 1, a);
    m->isa = isa;
    m->layers = layers;
    m->hidden = dim[1];
    m->heads = dim[2];
    m->kv_heads = dim[3];
    m->head_dim = dim[4];
    m->inner = dim[5];
    m->type = dim[6];
    m->flags = dim[7];
    m->eps = eps;
    for (int l = 0; l < layers; l++) {
        const jlong *p = a + (size_t) l * LAYER_ADDRESSES;
        m->layer[l].input_norm = (const float *) (intptr_t) p[0];
        m->layer[l].qkv = (const void *) (intptr_t) p[1];
        m->layer[l].qkv_bias = (const float *) (intptr_t) p[2];
        m->layer[l].out = (const void *) (intptr_t) p[3];
        m->layer[l].post_norm = (const float *) (intptr_t) p[4];
        m->layer[l].gate_up = (const void *) (intptr_t) p[5];
        m->layer[l].down = (const void *) (intptr_t) p[6];
    }
    m->final_norm = (const float *) (intptr_t) a[(size_t) layers * LAYER_ADDRESSES];
    free(a);
    return (jlong) (intptr_t) m;
}

static AVX2 void exp_array_avx2(const float *x, float *y, int n) {
    for (int i = 0; i < n; i += 8) {
        __m256i keep = lanes_avx2(n - i);
        _mm256_maskstore_ps(y + i, keep, exp_avx2(_mm256_maskload_ps(x + i, keep)));
    }
}

/* dst = e^src with the exp of the decode layers' path: exp_avx2, or libm's expf on the scalar one. */
JNIEXPORT void JNICALL JNI_NAME(exp)(JNIEnv *env, jclass cls, jint isa, jfloatArray src, jfloatArray dst) {
    jsize n = (*env)->GetArrayLength(env, src);
    jfloat *sp = (*env)->GetFloatArrayElements(env, src, 0);
    jfloat *dp = (*env)->GetFloatArrayElements(env, dst, 0);
    if (isa == ISA_AVX2 && lmlab_best_isa() >= ISA_AVX2) {
        exp_array_avx2(sp, dp, n);
    } else {
        for (jsize i = 0; i < n; i++) {
            dp[i] = expf(sp[i]);
        }
    }
    (*env)->ReleaseFloatArrayElements(env, dst, dp, 0);
    (*env)->ReleaseFloatArrayElements(env, src, sp, JNI_ABORT);
}

JNIEXPORT void JNICALL JNI_NAME(freeDecodeModel)(JNIEnv *env, jclass cls, jlong model) {
    free((void *) (intptr_t) model);
}

/*
 * One decode step: x (address of [rows, hidden] F32) in place; cos and sin [rows, heads + kvHeads,
 * headDim]; per row caches {raw, rotated (0: none), values} addresses and slots {capacity, slot,
 * from, to}, checked by the caller.
 */
JNIEXPORT void JNICALL JNI_NAME(decodeStep)(JNIEnv *env, jclass cls, jlong model, jlong x, jint rows,
        jfloatArray cos, jfloatArray sin, jlongArray caches, jintArray slots, jfloat scale, jboolean raw_keys) {
    const model_t *m = (const model_t *) (intptr_t) model;
    jsize angles = (*env)->GetArrayLength(env, cos);
    float *rotation = malloc(2 * (size_t) angles * sizeof(float));
    row_t *seq = malloc((size_t) rows * sizeof(row_t));
    jlong *address = malloc((size_t) rows * 3 * sizeof(jlong));
    jint *slot = malloc((size_t) rows * 4 * sizeof(jint));
    const char *error = "out of memory for the decode step's arguments";
    if (rotation && seq && address && slot) {
        (*env)->GetFloatArrayRegion(env, cos, 0, angles, rotation);
        (*env)->GetFloatArrayRegion(env, sin, 0, angles, rotation + angles);
        (*env)->GetLongArrayRegion(env, caches, 0, rows * 3, address);
        (*env)->GetIntArrayRegion(env, slots, 0, rows * 4, slot);
        for (int r = 0; r < rows; r++) {
            seq[r].raw = (float *) (intptr_t) address[3 * r];
            seq[r].rotated = (float *) (intptr_t) address[3 * r + 1];
            seq[r].values = (float *) (intptr_t) address[3 * r + 2];
            seq[r].capacity = slot[4 * r];
            seq[r].slot = slot[4 * r + 1];
            seq[r].from = slot[4 * r + 2];
            seq[r].to = slot[4 * r + 3];
        }
        error = m->isa > lmlab_best_isa() ? "this CPU lacks the requested instruction set"
                : decode_step(m, (float *) (intptr_t) x, rows, rotation, rotation + angles, seq, scale, raw_keys);
    }
    free(rotation);
    free(seq);
    free(address);
    free(slot);
    if (error) {
        throw_state(env, error);
    }
}
