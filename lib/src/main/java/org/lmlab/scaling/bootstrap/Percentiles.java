package org.lmlab.scaling.bootstrap;

import java.util.Arrays;

/** Percentiles with linear interpolation between order statistics (numpy's default, "type 7"). */
public final class Percentiles {

    private Percentiles() {
    }

    /**
     * The {@code q}-quantile ({@code q} in [0, 1]) of the finite values of {@code values}; NaN when
     * there are none.
     */
    public static double quantile(double[] values, double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("q must be in [0, 1], got " + q);
        }
        double[] sorted = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
