/*
 * lmlab native weight products: y[r, o] = sum_i x[r, i] * W[o, i] for a few rows r, with W held
 * in memory this library allocates (F32 or IEEE binary16, packed in panels of 8 outputs: see
 * PANEL), x and y F32.
 *
 * Built without -march: each instruction-set path is compiled for its own target and chosen at
 * run time (lmlab_isa). One product streams every weight once for all x rows: a chunk of panels is
 * read from memory by the first block of rows and from L2 by the others, and each weight
 * vector loaded serves every row of its block, so 8 rows cost far less than 8 times 1.
 *
 * Row independence: every (output, row) pair is one multiply-add chain over i = 0 .. in-1 in one
 * vector lane, whatever the tile it falls in, so a row's result does not depend on how many rows
 * share the call. Built with -ffp-contract=off so the compiler does not fuse the scalar code
 * differently in different places.
 */
#include <jni.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <immintrin.h>
#include <sys/mman.h>
#include "lmlab_kernel.h"



#define ROUND_X 1 /* round x to F16 before the product (llama.cpp's F16 path) */
#define ROUND_Y 2 /* round y to F16 after it (PyTorch's F16 matmul returns F16) */


/* ---------- scalar F16 conversions (IEEE binary16, round to nearest even) ---------- */

static float half_to_float(uint16_t h) {
    uint32_t sign = (uint32_t) (h & 0x8000) << 16;
    uint32_t exponent = (h >> 10) & 0x1f;
    uint32_t mantissa = h & 0x3ff;
    uint32_t bits;
    if (exponent == 0x1f) {
        bits = sign | 0x7f800000u | (mantissa << 13);
    } else if (exponent != 0) {
        bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
    } else {
        float f = (float) mantissa * 0x1p-24f; /* exact: at most 10 significant bits */
        return sign ? -f : f;
    }
    float f;
    memcpy(&f, &bits, 4);
    return f;
}

static uint16_t float_to_half(float f) {
    uint32_t bits;
    memcpy(&bits, &f, 4);
    uint16_t sign = (uint16_t) ((bits >> 16) & 0x8000);
    uint32_t abs = bits & 0x7fffffffu;
    if (abs >= 0x7f800000u) { /* inf or NaN: keep the top payload bits, keep NaN a NaN (quiet) */
        if (abs == 0x7f800000u) {
            return sign | 0x7c00;
        }
        return sign | 0x7e00 | (uint16_t) ((abs >> 13) & 0x3ff);
    }
    if (abs >= 0x477ff000u) { /* rounds to >= 65520: infinity */
        return sign | 0x7c00;
    }
    if (abs < 0x38800000u) { /* below the smallest normal half 2^-14: a subnormal or zero */
        /* value / 2^-24 rounded to nearest even; the float arithmetic below is exact up to the rounding */
        float a;
        memcpy(&a, &abs, 4);
        float scaled = a * 0x1p24f; /* exact: a power of two */
        /* round to nearest even by adding and subtracting 2^23 (scaled < 1024 < 2^23) */
        float r = (scaled + 0x1p23f) - 0x1p23f;
        return sign | (uint16_t) r;
    }
    /* normal: drop 13 mantissa bits with round to nearest even; a carry into the exponent is right */
    uint32_t rebias = abs - (112u << 23);
    uint32_t lsb = (rebias >> 13) & 1;
    rebias += 0xfff + lsb;
    return sign | (uint16_t) (rebias >> 13);
}

/* ---------- scalar path ---------- */

/*
 * Packed weights: panels of PANEL outputs, each [in][PANEL] (element (o, i) at
 * ((o / PANEL) * in + i) * PANEL + o % PANEL), the last panel padded with zeros. A product then
 * keeps PANEL outputs of a row in one vector and adds x[r, i] times the panel's column i: no
 * horizontal sums, and one weight load serves every row of a block.
 */
#define PANEL 8

/*
 * How far ahead a tile fetches the weights while it computes: the same column of the panels
 * PREFETCH_PANELS further on (panels are contiguous, so that is the memory the next tiles read).
 * Without it memory sits idle while the multiply-adds run. Into L2 (T1), not L1 (T0): on Zen 4 a
 * T0 prefetch holds one of L1's few miss buffers until its line arrives, which capped the stream
 * at ~12 GB/s once 8 rows' multiply-adds slowed the loop (8-row F32 pass of SmolLM2's products, C,
 * one thread: 43 ms with T0, 25 ms with T1; one row 20 ms either way).
 */
#ifndef PREFETCH_PANELS
#define PREFETCH_PANELS 2
#endif
#ifndef PREFETCH_HINT
#define PREFETCH_HINT _MM_HINT_T1
#endif

size_t lmlab_packed_elements(int out, int in) {
    return (size_t) ((out + PANEL - 1) / PANEL) * in * PANEL;
}

/* src [out, in] (F32 or F16 elements) to the packed layout in dst (lmlab_packed_elements). */
static void pack(const void *src, void *dst, int type, int out, int in) {
    size_t esize = type == TYPE_F32 ? 4 : 2;
    memset(dst, 0, lmlab_packed_elements(out, in) * esize);
    for (int o = 0; o < out; o++) {
        size_t base = (size_t) (o / PANEL) * in * PANEL + o % PANEL;
        if (type == TYPE_F32) {
            const uint32_t *row = (const uint32_t *) src + (size_t) o * in;
            uint32_t *d = (uint32_t *) dst + base;
            for (int i = 0; i < in; i++) {
                d[(size_t) i * PANEL] = row[i];
            }
        } else {
            const uint16_t *row = (const uint16_t *) src + (size_t) o * in;
            uint16_t *d = (uint16_t *) dst + base;
            for (int i = 0; i < in; i++) {
                d[(size_t) i * PANEL] = row[i];
            }
        }
    }
}

/* ---------- scalar path ---------- */

static float weight_scalar(const void *w, int type, size_t at) {
    return type == TYPE_F32 ? ((const float *) w)[at] : half_to_float(((const uint16_t *) w)[at]);
}

static void product_scalar(const void *w, int type, int out, int in, const float *x, float *y, int rows) {
    for (int o = 0; o < out; o++) {
        size_t base = (size_t) (o / PANEL) * in * PANEL + o % PANEL;
        for (int r = 0; r < rows; r++) {
            const float *xr = x + (size_t) r * in;
            float s = 0.0f;
            for (int i = 0; i < in; i++) {
                s += weight_scalar(w, type, base + (size_t) i * PANEL) * xr[i];
            }
            y[(size_t) r * out + o] = s;
        }
    }
}

static void round_half_scalar(const float *src, float *dst, size_t n) {
    for (size_t i = 0; i < n; i++) {
        dst[i] = half_to_float(float_to_half(src[i]));
    }
}

/* ---------- AVX2 + FMA + F16C path ---------- */

#define AVX2 __attribute__((target("avx2,fma,f16c")))
#define INLINE_AVX2 static inline __attribute__((always_inline, target("avx2,fma,f16c")))

INLINE_AVX2 __m256 panel_avx2(const void *w, int type, size_t at) {
    if (type == TYPE_F32) {
        return _mm256_loadu_ps((const float *) w + at);
    }
    return _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *) ((const uint16_t *) w + at)));
}

/* Column i of NP panels times x[r0 .. r0 + NR - 1, i], added to the accumulators. */
INLINE_AVX2 void tile_step_avx2(const void *w, int type, int in, const float *x, int p0, int r0, int i,
        __m256 acc[4][8], const int NP, const int NR) {
    __m256 wv[4];
    _Pragma("GCC unroll 8")
    for (int a = 0; a < NP; a++) {
        wv[a] = panel_avx2(w, type, ((size_t) (p0 + a) * in + i) * PANEL);
    }
    _Pragma("GCC unroll 8")
    for (int b = 0; b < NR; b++) {
        __m256 xv = _mm256_broadcast_ss(x + (size_t) (r0 + b) * in + i);
        _Pragma("GCC unroll 8")
        for (int a = 0; a < NP; a++) {
            acc[a][b] = _mm256_fmadd_ps(wv[a], xv, acc[a][b]);
        }
    }
}

/*
 * NP panels (NP * PANEL outputs) times NR x rows from r0: one vector accumulator per panel and row,
 * each output's sum one multiply-add chain over i = 0 .. in-1, whatever NP and NR are (so a row's
 * result does not depend on the tile or the rows beside it). `ahead` (0: none): each panel's
 * column is prefetched from the panel that many panels further on while these compute.
 */
INLINE_AVX2 void tile_avx2(const void *w, int type, int in, const float *x, float *y, int out, int p0, int r0,
        int ahead, const int NP, const int NR) {
    __m256 acc[4][8];
    _Pragma("GCC unroll 8")
    for (int a = 0; a < NP; a++) {
        _Pragma("GCC unroll 8")
        for (int b = 0; b < NR; b++) {
            acc[a][b] = _mm256_setzero_ps();
        }
    }
    size_t esize = type == TYPE_F32 ? 4 : 2;
    const int line = type == TYPE_F32 ? 2 : 4; /* columns per 64-byte cache line of a panel */
    int i = 0;
    /* whole cache lines, each prefetched once per panel; the tail without */
    for (; i + line <= in; i += line) {
        if (ahead) {
            _Pragma("GCC unroll 8")
            for (int a = 0; a < NP; a++) {
                _mm_prefetch((const char *) w + (((size_t) (p0 + a + ahead) * in + i) * PANEL) * esize, PREFETCH_HINT);
            }
        }
        _Pragma("GCC unroll 8")
        for (int k = 0; k < line; k++) {
            tile_step_avx2(w, type, in, x, p0, r0, i + k, acc, NP, NR);
        }
    }
    for (; i < in; i++) {
        tile_step_avx2(w, type, in, x, p0, r0, i, acc, NP, NR);
    }
    _Pragma("GCC unroll 8")
    for (int a = 0; a < NP; a++) {
        int o = (p0 + a) * PANEL;
        _Pragma("GCC unroll 8")
        for (int b = 0; b < NR; b++) {
            float *yr = y + (size_t) (r0 + b) * out + o;
            if (o + PANEL <= out) {
                _mm256_storeu_ps(yr, acc[a][b]);
            } else {
                float lanes[PANEL];
                _mm256_storeu_ps(lanes, acc[a][b]);
                memcpy(yr, lanes, (size_t) (out - o) * sizeof(float));
            }
        }
    }
}

/*
 * Each (type, NP, NR) its own fully unrolled copy, so the accumulators and the NP weight vectors
 * stay in the 16 ymm registers (NP * NR + NP + 1 <= 16); NP * NR >= 8 independent chains where the
 * rows allow, to cover the multiply-add latency on two pipes.
 */
#define TILE_AVX2(T, NP, NR) \
    static AVX2 void tile_avx2_##T##_##NP##_##NR(const void *w, int in, const float *x, float *y, int out, \
            int p0, int r0, int ahead) { \
        tile_avx2(w, T, in, x, y, out, p0, r0, ahead, NP, NR); \
    }
#define TILES_AVX2(T) TILE_AVX2(T, 4, 1) TILE_AVX2(T, 4, 2) TILE_AVX2(T, 3, 3) TILE_AVX2(T, 2, 4) \
    TILE_AVX2(T, 2, 5) TILE_AVX2(T, 2, 6) \
    TILE_AVX2(T, 1, 1) TILE_AVX2(T, 1, 2) TILE_AVX2(T, 1, 3) TILE_AVX2(T, 1, 4) TILE_AVX2(T, 1, 5) \
    TILE_AVX2(T, 1, 6) TILE_AVX2(T, 1, 7) TILE_AVX2(T, 1, 8)
TILES_AVX2(0)
TILES_AVX2(1)

/*
 * Rows per block: the first block of a chunk of panels reads it from memory, the next ones from L2.
 * Blocks of 6 rows in 2 x 6 tiles (12 accumulators, 8 loads per 12 multiply-adds: the fewest loads
 * per multiply-add that fit the 16 ymm registers), except that F32 products of up to 8 rows take
 * one block (1 x 8 tiles at 8 rows): their first block is bound by memory, and one pass over the
 * weights beats two. Measured per pass of SmolLM2-135M's products (C, one thread, Zen 4, with the
 * L2 prefetch above; CPU ms, best of 6; the multiply-add bound is ~20 ms at 8 rows):
 *   8 rows  F32: 8 in one block 25-26, 6 + 2 28, 4 + 4 (2 x 4 tiles) 29-30;
 *           F16: 6 + 2 21, 8 in one block 23, 4 + 4 22 (2 x 4) or 22 (3 x 4);
 *   16 rows F32: 6 + 6 + 4 42, 8 + 6 + 2 47, 8 + 8 49-50; F16: 6 + 6 + 4 39.5, 8 + 8 45.
 */
#define BLOCK_ROWS 8 /* the most rows one tile takes */
#define SIX_BLOCK_ROWS 6
/* Panels per chunk (a multiple of every tile's NP): 12 x 8 outputs x 1,536 inputs x 4 bytes fits L2. */
#define CHUNK_PANELS 12

typedef void (*tile_fn)(const void *, int, const float *, float *, int, int, int, int);

#define WIDE(T) {0, tile_avx2_##T##_4_1, tile_avx2_##T##_4_2, tile_avx2_##T##_3_3, tile_avx2_##T##_2_4, \
    tile_avx2_##T##_2_5, tile_avx2_##T##_2_6, tile_avx2_##T##_1_7, tile_avx2_##T##_1_8}
#define NARROW(T) {0, tile_avx2_##T##_1_1, tile_avx2_##T##_1_2, tile_avx2_##T##_1_3, tile_avx2_##T##_1_4, \
    tile_avx2_##T##_1_5, tile_avx2_##T##_1_6, tile_avx2_##T##_1_7, tile_avx2_##T##_1_8}
static const tile_fn wide_avx2[2][BLOCK_ROWS + 1] = {WIDE(0), WIDE(1)};
static const tile_fn narrow_avx2[2][BLOCK_ROWS + 1] = {NARROW(0), NARROW(1)};
static const int wide_panels[BLOCK_ROWS + 1] = {0, 4, 4, 3, 2, 2, 2, 1, 1};

static void product_avx2(const void *w, int type, int out, int in, const float *x, float *y, int rows) {
    int panels = (out + PANEL - 1) / PANEL;
    const int block = type == TYPE_F32 && rows <= BLOCK_ROWS ? BLOCK_ROWS : SIX_BLOCK_ROWS;
    for (int c = 0; c < panels; c += CHUNK_PANELS) {
        int end = panels - c < CHUNK_PANELS ? panels : c + CHUNK_PANELS;
        for (int r = 0; r < rows; r += block) {
            int nr = rows - r < block ? rows - r : block;
            int np = wide_panels[nr];
            /* the first block fetches just ahead of itself, the second the next chunk (memory idles otherwise) */
            int ahead = r == 0 ? PREFETCH_PANELS : r == block ? CHUNK_PANELS : 0;
            int p = c;
            for (; p + np <= end; p += np) {
                wide_avx2[type][nr](w, in, x, y, out, p, r, ahead);
            }
            for (; p < end; p++) {
                narrow_avx2[type][nr](w, in, x, y, out, p, r, ahead);
            }
        }
    }
}

static AVX2 void round_half_avx2(const float *src, float *dst, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m128i h = _mm256_cvtps_ph(_mm256_loadu_ps(src + i), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        _mm256_storeu_ps(dst + i, _mm256_cvtph_ps(h));
    }
    for (; i < n; i++) {
        __m128i h = _mm_cvtps_ph(_mm_set_ss(src[i]), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        dst[i] = _mm_cvtss_f32(_mm_cvtph_ps(h));
    }
}

static AVX2 void halves_avx2(const uint16_t *h, float *f, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        _mm256_storeu_ps(f + i, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *) (h + i))));
    }
    for (; i < n; i++) {
        f[i] = _mm_cvtss_f32(_mm_cvtph_ps(_mm_cvtsi32_si128(h[i])));
    }
}

/* ---------- dispatch ---------- */

static int best_isa(void) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c")) {
        return ISA_AVX2;
    }
    return ISA_SCALAR;
}

int lmlab_best_isa(void) {
    return best_isa();
}

static void round_half(int isa, const float *src, float *dst, size_t n) {
    if (isa == ISA_AVX2) {
        round_half_avx2(src, dst, n);
    } else {
        round_half_scalar(src, dst, n);
    }
}

/* Returns 0, or a message when the request cannot run (declared in lmlab_kernel.h). */
const char *lmlab_product(int isa, const void *w, int type, int out, int in, int flags, const float *x, float *y,
        int rows) {
    if (isa > best_isa()) {
        return "this CPU lacks the requested instruction set";
    }
    if (rows < 1 || rows > MAX_ROWS || out < 1 || in < 1 || (type != TYPE_F32 && type != TYPE_F16)) {
        return "bad shape or type";
    }
    float *rounded = 0;
    if ((flags & ROUND_X) && type == TYPE_F16) {
        rounded = malloc((size_t) rows * in * sizeof(float));
        if (!rounded) {
            return "out of memory for the rounded activations";
        }
        round_half(isa, x, rounded, (size_t) rows * in);
        x = rounded;
    }
    if (isa == ISA_AVX2) {
        product_avx2(w, type, out, in, x, y, rows);
    } else {
        product_scalar(w, type, out, in, x, y, rows);
    }
    if (flags & ROUND_Y) {
        round_half(isa, y, y, (size_t) rows * out);
    }
    free(rounded);
    return 0;
}

/* ---------- JNI: org.lmlab.model.engine.kernels.NativeProducts ---------- */

#define JNI_NAME(name) Java_org_lmlab_model_engine_kernels_NativeProducts_##name

static void throw_state(JNIEnv *env, const char *message) {
    jclass c = (*env)->FindClass(env, "java/lang/IllegalStateException");
    if (c) {
        (*env)->ThrowNew(env, c, message);
    }
}

JNIEXPORT jint JNICALL JNI_NAME(bestIsaCode)(JNIEnv *env, jclass cls) {
    return best_isa();
}

/*
 * Weights get pages of their own (mmap), not malloc's heap: the engine frees large blocks while a
 * model loads, and a weight matrix allocated between them on the heap would keep that memory from
 * returning to the system (measured: peak RSS +0.6 GiB for SmolLM2 in F32 with aligned_alloc). The
 * mapping starts on a 2 MiB boundary and asks for transparent huge pages: streaming 540 MB per token
 * through 4 KiB pages costs a page walk every 4 KiB (measured, one row: F32 32 -> 24 ms, F16 15 -> 10
 * ms per token's products). The tail past the last whole 2 MiB keeps small pages, so nothing is
 * wasted; where huge pages are off, the advice is ignored.
 */
#define HUGE_PAGE ((size_t) 2 << 20)

static size_t mapped_size(jlong bytes) {
    size_t page = 4096;
    return ((size_t) (bytes == 0 ? 1 : bytes) + page - 1) / page * page;
}

JNIEXPORT jlong JNICALL JNI_NAME(allocate)(JNIEnv *env, jclass cls, jlong bytes) {
    size_t size = mapped_size(bytes);
    char *raw = mmap(0, size + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) {
        return 0;
    }
    char *p = (char *) (((uintptr_t) raw + HUGE_PAGE - 1) & ~(uintptr_t) (HUGE_PAGE - 1));
    if (p > raw) {
        munmap(raw, (size_t) (p - raw));
    }
    size_t tail = (size_t) (raw + size + HUGE_PAGE - (p + size));
    if (tail > 0) {
        munmap(p + size, tail);
    }
#ifdef MADV_HUGEPAGE
    madvise(p, size, MADV_HUGEPAGE);
#endif
    return (jlong) (intptr_t) p;
}

JNIEXPORT void JNICALL JNI_NAME(release)(JNIEnv *env, jclass cls, jlong address, jlong bytes) {
    munmap((void *) (intptr_t) address, mapped_size(bytes));
}

JNIEXPORT void JNICALL JNI_NAME(putFloats)(JNIEnv *env, jclass cls, jlong address, jlong offset, jfloatArray src,
        jint from, jint count) {
    (*env)->GetFloatArrayRegion(env, src, from, count, (jfloat *) (intptr_t) address + offset);
}

JNIEXPORT void JNICALL JNI_NAME(putShorts)(JNIEnv *env, jclass cls, jlong address, jlong offset, jshortArray src,
        jint from, jint count) {
    (*env)->GetShortArrayRegion(env, src, from, count, (jshort *) (intptr_t) address + offset);
}

JNIEXPORT void JNICALL JNI_NAME(productArrays)(JNIEnv *env, jclass cls, jint isa, jlong w, jint type, jint out,
        jint in, jint flags, jfloatArray x, jfloatArray y, jint rows) {
    float *xp = (*env)->GetPrimitiveArrayCritical(env, x, 0);
    float *yp = xp ? (*env)->GetPrimitiveArrayCritical(env, y, 0) : 0;
    const char *error = "could not pin the arrays";
    if (xp && yp) {
        error = lmlab_product(isa, (const void *) (intptr_t) w, type, out, in, flags, xp, yp, rows);
    }
    if (yp) {
        (*env)->ReleasePrimitiveArrayCritical(env, y, yp, 0);
    }
    if (xp) {
        (*env)->ReleasePrimitiveArrayCritical(env, x, xp, JNI_ABORT);
    }
    if (error) {
        throw_state(env, error);
    }
}

JNIEXPORT void JNICALL JNI_NAME(productBuffers)(JNIEnv *env, jclass cls, jint isa, jlong w, jint type, jint out,
        jint in, jint flags, jobject x, jobject y, jint rows) {
    float *xp = (*env)->GetDirectBufferAddress(env, x);
    float *yp = (*env)->GetDirectBufferAddress(env, y);
    const char *error = xp && yp ? lmlab_product(isa, (const void *) (intptr_t) w, type, out, in, flags, xp, yp, rows)
            : "x and y must be direct buffers";
    if (error) {
        throw_state(env, error);
    }
}

JNIEXPORT void JNICALL JNI_NAME(productAddresses)(JNIEnv *env, jclass cls, jint isa, jlong w, jint type, jint out,
        jint in, jint flags, jlong x, jlong y, jint rows) {
    const char *error = lmlab_product(isa, (const void *) (intptr_t) w, type, out, in, flags,
            (const float *) (intptr_t) x, (float *) (intptr_t) y, rows);
    if (error) {
        throw_state(env, error);
    }
}

/* Packs src ([out, in], native memory) into dst (lmlab_packed_elements(out, in) elements). */
JNIEXPORT void JNICALL JNI_NAME(pack)(JNIEnv *env, jclass cls, jlong dst, jlong src, jint type, jint out, jint in) {
    pack((const void *) (intptr_t) src, (void *) (intptr_t) dst, type, out, in);
}

JNIEXPORT jlong JNICALL JNI_NAME(address)(JNIEnv *env, jclass cls, jobject buffer) {
    return (jlong) (intptr_t) (*env)->GetDirectBufferAddress(env, buffer);
}

JNIEXPORT void JNICALL JNI_NAME(halvesToFloats)(JNIEnv *env, jclass cls, jint isa, jshortArray h, jfloatArray f) {
    jsize n = (*env)->GetArrayLength(env, h);
    jshort *hp = (*env)->GetShortArrayElements(env, h, 0);
    jfloat *fp = (*env)->GetFloatArrayElements(env, f, 0);
    if (isa == ISA_AVX2 && best_isa() >= ISA_AVX2) {
        halves_avx2((const uint16_t *) hp, fp, n);
    } else {
        for (jsize i = 0; i < n; i++) {
            fp[i] = half_to_float((uint16_t) hp[i]);
        }
    }
    (*env)->ReleaseFloatArrayElements(env, f, fp, 0);
    (*env)->ReleaseShortArrayElements(env, h, hp, JNI_ABORT);
}

JNIEXPORT void JNICALL JNI_NAME(roundToHalf)(JNIEnv *env, jclass cls, jint isa, jfloatArray src, jfloatArray dst) {
    jsize n = (*env)->GetArrayLength(env, src);
    jfloat *sp = (*env)->GetFloatArrayElements(env, src, 0);
    jfloat *dp = (*env)->GetFloatArrayElements(env, dst, 0);
    round_half(isa == ISA_AVX2 && best_isa() >= ISA_AVX2 ? ISA_AVX2 : ISA_SCALAR, sp, dp, n);
    (*env)->ReleaseFloatArrayElements(env, dst, dp, 0);
    (*env)->ReleaseFloatArrayElements(env, src, sp, JNI_ABORT);
}
