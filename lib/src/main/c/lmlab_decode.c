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
 * scores[s] = dot_avx2(q, keys[s]) * scale for count keys of d (a multiple of 8) floats, four keys
 * at a time (four independent chains; each sum in dot_avx2's order, so the same bits).
 */
static AVX2 void scores_avx2(const float *q, const float *keys, int count, int d, float scale, float *scores) {
    int s = 0;
    for (; s + 4 <= count; s += 4) {
        const float *k = keys + (size_t) s * d;
        __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
        for (int i = 0; i < d; i += 8) {
            __m256 qv = _mm256_loadu_ps(q + i);
            a0 = _mm256_fmadd_ps(qv, _mm256_loadu_ps(k + i), a0);
            a1 = _mm256_fmadd_ps(qv, _mm256_loadu_ps(k + d + i), a1);
            a2 = _mm256_fmadd_ps(qv, _mm256_loadu_ps(k + 2 * d + i), a2);
            a3 = _mm256_fmadd_ps(qv, _mm256_loadu_ps(k + 3 * d + i), a3);
        }
        scores[s] = hsum_avx2(a0) * scale;
        scores[s + 1] = hsum_avx2(a1) * scale;
        scores[s + 2] = hsum_avx2(a2) * scale;
        scores[s + 3] = hsum_avx2(a3) * scale;
    }
    for (; s < count; s++) {
        scores[s] = dot_avx2(q, keys + (size_t) s * d, d) * scale;
    }
}

/*
 * out[j] = sum over s of (weights[s] / sum) * values[s][j], for d (a multiple of 8) floats, the
 * sum over s in order from 0 with one multiply-add each (as axpy_avx2 from zero: the same bits),
 * 64 floats of out held in registers across all slots.
 */
static AVX2 void weigh_avx2(const float *weights, float sum, const float *values, int count, int d, float *out) {
    int j = 0;
    for (; j + 64 <= d; j += 64) {
        __m256 acc[8];
        _Pragma("GCC unroll 8")
        for (int t = 0; t < 8; t++) {
            acc[t] = _mm256_setzero_ps();
        }
        for (int s = 0; s < count; s++) {
            __m256 p = _mm256_set1_ps(weights[s] / sum);
            const float *v = values + (size_t) s * d + j;
            _Pragma("GCC unroll 8")
            for (int t = 0; t < 8; t++) {
                acc[t] = _mm256_fmadd_ps(p, _mm256_loadu_ps(v + 8 * t), acc[t]);
            }
        }
        _Pragma("GCC unroll 8")
        for (int t = 0; t < 8; t++) {
            _mm256_storeu_ps(out + j + 8 * t, acc[t]);
        }
    }
    for (; j < d; j += 8) {
        __m256 acc = _mm256_setzero_ps();
        for (int s = 0; s < count; s++) {
            acc = _mm256_fmadd_ps(_mm256_set1_ps(weights[s] / sum), _mm256_loadu_ps(values + (size_t) s * d + j), acc);
        }
        _mm256_storeu_ps(out + j, acc);
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

/* y = x / sqrt(mean(x^2) + eps) * w, per row of n (mean summed in double: one order for every row) */
static void rms_norm(const float *x, const float *w, float *y, int rows, int n, float eps) {
    for (int r = 0; r < rows; r++) {
        const float *xr = x + (size_t) r * n;
        float *yr = y + (size_t) r * n;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += (double) xr[i] * xr[i];
        }
        float root = sqrtf((float) (sum / n) + eps);
        for (int i = 0; i < n; i++) {
            yr[i] = xr[i] / root * w[i];
        }
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
        for (int j = 0; j < d; j++) {
            float swapped = vh[j < half ? j + half : j - half];
            o[j] = vh[j] * c[j] + swapped * s[j];
        }
    }
}

static float *slot_of(float *tensor, const model_t *m, const row_t *row, int layer, int head, int slot) {
    return tensor + (((size_t) layer * m->kv_heads + head) * row->capacity + slot) * m->head_dim;
}

/*
 * One row's attention for one layer: q [heads, d] (rotated, scaled where exact), its keys and
 * values in slots [from, to) of its cache; out [heads, d]. scores: room for to - from floats.
 */
static void attend(const model_t *m, const row_t *row, int layer, const float *q, float scale, float *scores,
        float *out) {
    int d = m->head_dim;
    int group = m->heads / m->kv_heads;
    int count = row->to - row->from;
    float *keys = row->rotated ? row->rotated : row->raw;
    for (int h = 0; h < m->heads; h++) {
        const float *qh = q + (size_t) h * d;
        const float *k = slot_of(keys, m, row, layer, h / group, row->from);
        const float *v = slot_of(row->values, m, row, layer, h / group, row->from);
        int blocked = m->isa == ISA_AVX2 && d % 8 == 0; /* the same bits, fewer dependent steps */
        if (blocked) {
            scores_avx2(qh, k, count, d, scale, scores);
        } else {
            for (int s = 0; s < count; s++) {
                scores[s] = dot(m->isa, qh, k + (size_t) s * d, d) * scale;
            }
        }
        float max = -INFINITY;
        for (int s = 0; s < count; s++) {
            max = scores[s] > max ? scores[s] : max;
        }
        float sum = 0.0f;
        for (int s = 0; s < count; s++) {
            scores[s] = expf(scores[s] - max);
            sum += scores[s];
        }
        float *oh = out + (size_t) h * d;
        if (blocked) {
            weigh_avx2(scores, sum, v, count, d, oh);
            continue;
        }
        memset(oh, 0, (size_t) d * sizeof(float));
        for (int s = 0; s < count; s++) {
            axpy(m->isa, oh, scores[s] / sum, v + (size_t) s * d, d);
        }
    }
}

/* Scratch of one step, one block. */
typedef struct {
    float *norm, *qkv, *rotated, *attention, *delta, *gate_up, *act, *scores;
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
    rms_norm(x, w->input_norm, t->norm, rows, m->hidden, m->eps);
    if ((error = products(m, w->qkv, qkv_width, m->hidden, t->norm, t->qkv, rows))) {
        return error;
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
        attend(m, row, l, rot, scale, t->scores, t->attention + (size_t) r * q_width);
    }
    if ((error = products(m, w->out, m->hidden, q_width, t->attention, t->delta, rows))) {
        return error;
    }
    size_t n = (size_t) rows * m->hidden;
    for (size_t i = 0; i < n; i++) {
        x[i] += t->delta[i];
    }
    rms_norm(x, w->post_norm, t->norm, rows, m->hidden, m->eps);
    if ((error = products(m, w->gate_up, 2 * m->inner, m->hidden, t->norm, t->gate_up, rows))) {
        return error;
    }
    for (int r = 0; r < rows; r++) {
        const float *gate = t->gate_up + (size_t) r * 2 * m->inner;
        const float *up = gate + m->inner;
        float *act = t->act + (size_t) r * m->inner;
        for (int i = 0; i < m->inner; i++) {
            float sigmoid = 1.0f / (1.0f + expf(-gate[i]));
            act[i] = sigmoid * gate[i] * up[i];
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
            (size_t) rows * m->inner, (size_t) keys};
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
    parts[7] = &t.scores;
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
        rms_norm(x, m->final_norm, x, rows, m->hidden, m->eps);
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
