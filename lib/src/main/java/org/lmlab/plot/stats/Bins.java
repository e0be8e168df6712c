package org.lmlab.plot.stats;

import java.util.Arrays;

/**
 * How a {@link Histogram} chooses its bins: a fixed count of equal bins over the data range,
 * the Freedman–Diaconis rule (the default), or explicit edges. Equal bins follow
 * {@code numpy.histogram} exactly, including its rounding at bin edges.
 */
public sealed interface Bins {

    /** Upper bound on the number of bins the Freedman–Diaconis rule may choose. */
    int MAX_AUTO_BINS = 500;

    /** {@code count} equal bins from the minimum to the maximum (numpy {@code bins=count}). */
    static Bins count(int count) {
        return new Count(count);
    }

    /**
     * Bin width {@code 2 IQR n^(-1/3)} (numpy {@code bins="fd"}); one bin when the IQR is zero, and
     * at most {@link #MAX_AUTO_BINS} bins, so a long tail cannot ask for millions of them.
     */
    static Bins freedmanDiaconis() {
        return new FreedmanDiaconis(MAX_AUTO_BINS);
    }

    /** Explicit, strictly increasing edges; values outside them are not counted. */
    static Bins edges(double... edges) {
        return new Edges(edges);
    }

    record Count(int count) implements Bins {
        public Count {
            if (count < 1) {
                throw new IllegalArgumentException("a histogram needs at least one bin; got " + count);
            }
        }
    }

    record FreedmanDiaconis(int maxBins) implements Bins {
        public FreedmanDiaconis {
            if (maxBins < 1) {
                throw new IllegalArgumentException("maxBins must be at least 1; got " + maxBins);
            }
        }
    }

    record Edges(double[] edges) implements Bins {
        public Edges {
            if (edges == null || edges.length < 2) {
                throw new IllegalArgumentException("bin edges need at least two values");
            }
            edges = edges.clone();
            for (int i = 0; i < edges.length; i++) {
                if (!Double.isFinite(edges[i])) {
                    throw new IllegalArgumentException("bin edge [" + i + "] is " + edges[i]);
                }
                if (i > 0 && edges[i] <= edges[i - 1]) {
                    throw new IllegalArgumentException("bin edges must increase strictly; edge [" + i + "] = "
                            + edges[i] + " follows " + edges[i - 1]);
                }
            }
        }

        @Override
        public double[] edges() {
            return edges.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Edges other && Arrays.equals(edges, other.edges);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(edges);
        }

        @Override
        public String toString() {
            return "Edges" + Arrays.toString(edges);
        }
    }
}
