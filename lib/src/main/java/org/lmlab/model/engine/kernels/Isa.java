package org.lmlab.model.engine.kernels;

/** The instruction-set paths of the native products, in the library's numbering. */
public enum Isa {
    /** Plain C: one sequential sum per output and row. */
    SCALAR,
    /** AVX2 with FMA and F16C: 8-wide multiply-adds, F16 widened by {@code vcvtph2ps}. */
    AVX2
}
