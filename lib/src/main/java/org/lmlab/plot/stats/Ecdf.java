package org.lmlab.plot.stats;

import java.util.Arrays;

/**
 * The empirical cumulative distribution function of a sample: at each distinct value
 * {@code x[i]}, the fraction of values {@code <= x[i]} (numpy:
 * {@code np.searchsorted(np.sort(v), x, side="right") / len(v)}).
 *
 * @param x         the distinct values, ascending
 * @param fraction  the fraction of the sample at or below each, ending at 1
 * @param n         the sample size
 */
public record Ecdf(double[] x, double[] fraction, int n) {

    public Ecdf {
        if (x.length != fraction.length) {
            throw new IllegalArgumentException("x and fraction differ in length: " + x.length + " vs " + fraction.length);
        }
        x = x.clone();
        fraction = fraction.clone();
    }

    /** The ECDF of finite {@code values}. */
    public static Ecdf of(double[] values) {
        double[] sorted = Values.sortedFinite(values, "ECDF");
        int n = sorted.length;
        double[] xs = new double[n];
        double[] ps = new double[n];
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (i + 1 < n && sorted[i + 1] == sorted[i]) {
                continue;
            }
            xs[distinct] = sorted[i];
            ps[distinct] = (double) (i + 1) / n;
            distinct++;
        }
        return new Ecdf(Arrays.copyOf(xs, distinct), Arrays.copyOf(ps, distinct), n);
    }

    /** The fraction of the sample at or below {@code value}. */
    public double at(double value) {
        int pos = Arrays.binarySearch(x, value);
        if (pos >= 0) {
            return fraction[pos];
        }
        int below = -pos - 2;
        return below < 0 ? 0.0 : fraction[below];
    }

    /**
     * The corner points of the step curve: from {@code (x0, 0)} up to {@code (x0, F0)}, across to
     * {@code (x1, F0)}, up to {@code (x1, F1)}, and so on, ending at {@code (x_last, 1)}.
     *
     * @return {xs, ys}
     */
    public double[][] steps() {
        int k = x.length;
        double[] sx = new double[2 * k];
        double[] sy = new double[2 * k];
        double previous = 0;
        for (int i = 0; i < k; i++) {
            sx[2 * i] = x[i];
            sy[2 * i] = previous;
            sx[2 * i + 1] = x[i];
            sy[2 * i + 1] = fraction[i];
            previous = fraction[i];
        }
        return new double[][] {sx, sy};
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] fraction() {
        return fraction.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ecdf e && n == e.n && Arrays.equals(x, e.x) && Arrays.equals(fraction, e.fraction);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(x) + Arrays.hashCode(fraction) + n;
    }

    @Override
    public String toString() {
        return "Ecdf[n=" + n + ", " + x.length + " distinct values]";
    }
}
