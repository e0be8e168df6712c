package org.lmlab.lengths;

/** Which standard deviation: the divisor {@code n - ddof} of the sum of squared deviations. */
public enum Dispersion {
    /** Divide by n (numpy {@code std(ddof=0)}, numpy's default; CASTILLO's stored {@code output_std}). */
    POPULATION(0),
    /** Divide by n - 1 (numpy {@code std(ddof=1)}, pandas' default). */
    SAMPLE(1);

    private final int ddof;

    Dispersion(int ddof) {
        this.ddof = ddof;
    }

    /** Delta degrees of freedom, as numpy names it. */
    public int ddof() {
        return ddof;
    }
}
