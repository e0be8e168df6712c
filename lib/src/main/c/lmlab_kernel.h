/* What lmlab_products.c shares with the other native files of liblmlab_products.so. */
#ifndef LMLAB_KERNEL_H
#define LMLAB_KERNEL_H

#define ISA_SCALAR 0
#define ISA_AVX2 1

#define TYPE_F32 0
#define TYPE_F16 1

/* The most x rows one product takes. */
#define MAX_ROWS 16

#include <stddef.h>

/* Elements a packed [out, in] matrix takes (outputs in panels, the last one padded). */
size_t lmlab_packed_elements(int out, int in);

/* The best instruction-set path this CPU runs. */
int lmlab_best_isa(void);

/*
 * y[r, o] = sum_i x[r, i] * W[o, i] for 1..MAX_ROWS rows, W packed (lmlab_products.c) (flags: 1 rounds x to F16 first, 2 rounds
 * y to F16 after, for F16 weights). Returns 0, or a message when the request cannot run.
 */
const char *lmlab_product(int isa, const void *w, int type, int out, int in, int flags, const float *x, float *y,
        int rows);

#endif
