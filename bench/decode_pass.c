/*
 * One decode step of lmlab's native decode layers (lmlab_decode.c's decode_step, included here for
 * its static functions) at SmolLM2-135M's shapes, no JVM: 30 layers, hidden 576, 9 query heads over
 * 3 key/value heads of 64, inner 1,536, weights packed as lmlab packs them (contents arbitrary, as in
 * product_pass.c), caches of 130 slots with a run of 97 read (prompt 64 + 32 steps), 2 MiB-aligned
 * with huge pages advised. For 1 and 8 rows prints thread-CPU ms per step (best, median), the same
 * products alone, their difference (the work outside the products) per row, and attention alone per
 * row: every layer's caches from memory (8 rows' caches exceed L3), and one layer's cache repeated
 * (hot). The output head is not part of a step.
 *
 *   J=$(dirname $(dirname $(readlink -f $(command -v javac)))); C=lib/src/main/c
 *   cc -O3 -std=gnu11 -ffp-contract=off -fno-math-errno -I$J/include -I$J/include/linux -I$C \
 *       -o /tmp/decode_pass bench/decode_pass.c $C/lmlab_products.c -lm
 *   /tmp/decode_pass [passes] [f16|f32]
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <time.h>
#include <sys/mman.h>
#include "lmlab_decode.c"

enum { LAYERS = 30, HIDDEN = 576, HEADS = 9, KV = 3, D = 64, INNER = 1536, CAPACITY = 130, RUN = 97 };

static double cpu_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec * 1e-6;
}

static void *huge(size_t bytes) {
    size_t page = 2 << 20;
    size_t size = (bytes + page - 1) / page * page;
    char *raw = mmap(0, size + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *p = (char *) (((uintptr_t) raw + page - 1) / page * page);
    madvise(p, size, MADV_HUGEPAGE);
    return p;
}

static float arbitrary(size_t i, unsigned mul, float scale) {
    return (float) ((i * mul) % 1000) / 1000.0f * scale - scale / 2;
}

static void *weights(int type, int out, int in) {
    size_t n = lmlab_packed_elements(out, in);
    void *w = huge(n * (type == TYPE_F16 ? 2 : 4));
    for (size_t i = 0; i < n; i++) {
        if (type == TYPE_F16) {
            ((uint16_t *) w)[i] = 0x2000 | ((i * 2654435761u) >> 20 & 0x3ff) | ((i & 1) << 15);
        } else {
            ((float *) w)[i] = arbitrary(i >> 3, 2654435761u, 0.1f);
        }
    }
    return w;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

/* Attention of every row over every layer (or rows times layer 0 of row 0: hot), ms per row. */
static double attention(const model_t *m, const row_t *seq, int rows, int hot, int passes) {
    float *q = malloc(HEADS * D * sizeof(float)), *out = malloc(HEADS * D * sizeof(float));
    float *p = malloc(HEADS_PER_PASS * ((RUN + 7) / 8 * 8) * sizeof(float));
    for (int i = 0; i < HEADS * D; i++) {
        q[i] = arbitrary(i, 40503u, 1.0f);
    }
    double best = 1e9;
    for (int pass = 0; pass < passes; pass++) {
        double t0 = cpu_ms();
        for (int l = 0; l < LAYERS; l++) {
            for (int r = 0; r < rows; r++) {
                if (hot) {
                    attend(m, &seq[0], 0, 0, q, 0.125f, p, out);
                } else {
                    attend(m, &seq[r], r + 1 < rows ? &seq[r + 1] : 0, l, q, 0.125f, p, out);
                }
            }
        }
        double t = cpu_ms() - t0;
        best = t < best ? t : best;
    }
    free(q);
    free(out);
    free(p);
    return best / rows;
}

int main(int argc, char **argv) {
    int passes = argc > 1 ? atoi(argv[1]) : 8;
    int type = argc > 2 && !strcmp(argv[2], "f32") ? TYPE_F32 : TYPE_F16;
    model_t *m = malloc(sizeof(model_t) + LAYERS * sizeof(layer_t));
    *m = (model_t) {lmlab_best_isa(), LAYERS, HIDDEN, HEADS, KV, D, INNER, type, type == TYPE_F16 ? 3 : 0, 1e-5f, 0};
    float *norm = malloc(INNER * sizeof(float));
    for (int i = 0; i < INNER; i++) {
        norm[i] = 1.0f + 0.001f * (i % 7);
    }
    for (int l = 0; l < LAYERS; l++) {
        m->layer[l] = (layer_t) {norm, weights(type, (HEADS + 2 * KV) * D, HIDDEN), 0, weights(type, HIDDEN, HEADS * D),
            norm, weights(type, 2 * INNER, HIDDEN), weights(type, HIDDEN, INNER)};
    }
    m->final_norm = norm;
    int counts[] = {1, 8};
    for (int c = 0; c < 2; c++) {
        int rows = counts[c];
        row_t seq[8];
        size_t cache = (size_t) LAYERS * KV * CAPACITY * D;
        for (int r = 0; r < rows; r++) {
            seq[r] = (row_t) {huge(cache * 4), huge(cache * 4), huge(cache * 4), CAPACITY, RUN - 1, 0, RUN};
            for (size_t i = 0; i < cache; i++) {
                seq[r].raw[i] = seq[r].rotated[i] = arbitrary(i, 2654435761u, 1.0f);
                seq[r].values[i] = arbitrary(i, 40503u, 1.0f);
            }
        }
        int angles = rows * (HEADS + KV) * D;
        float *cos = malloc(angles * sizeof(float)), *sin = malloc(angles * sizeof(float));
        for (int i = 0; i < angles; i++) {
            cos[i] = cosf(i * 0.01f);
            sin[i] = sinf(i * 0.01f);
        }
        float *x = malloc(rows * HIDDEN * sizeof(float)), *in = calloc(rows * INNER, sizeof(float));
        float *y = malloc(rows * 2 * INNER * sizeof(float));
        double step[64], alone[64];
        for (int pass = -2; pass < passes && pass < 64; pass++) {
            for (int i = 0; i < rows * HIDDEN; i++) {
                x[i] = arbitrary(i, 2654435761u, 2.0f);
            }
            double t0 = cpu_ms();
            const char *error = decode_step(m, x, rows, cos, sin, seq, 0.125f, 1);
            double t1 = cpu_ms();
            for (int l = 0; l < LAYERS && !error; l++) {
                const layer_t *w = &m->layer[l];
                products(m, w->qkv, (HEADS + 2 * KV) * D, HIDDEN, in, y, rows);
                products(m, w->out, HIDDEN, HEADS * D, in, y, rows);
                products(m, w->gate_up, 2 * INNER, HIDDEN, in, y, rows);
                products(m, w->down, HIDDEN, INNER, in, y, rows);
            }
            if (error) {
                puts(error);
                return 1;
            }
            if (pass >= 0) {
                step[pass] = t1 - t0;
                alone[pass] = cpu_ms() - t1;
            }
        }
        int n = passes < 64 ? passes : 64;
        qsort(step, n, sizeof(double), by_value);
        qsort(alone, n, sizeof(double), by_value);
        printf("%s, %d row(s): step %.2f ms (median %.2f), products alone %.2f (%.2f), the rest %.3f ms per row; "
                "attention per row %.3f ms from memory, %.3f hot\n", type == TYPE_F16 ? "F16" : "F32", rows, step[0],
                step[n / 2], alone[0], alone[n / 2], (step[n / 2] - alone[n / 2]) / rows,
                attention(m, seq, rows, 0, passes), attention(m, seq, rows, 1, passes));
        free(cos);
        free(sin);
        free(x);
        free(in);
        free(y);
    }
    return 0;
}
