package org.lmlab.plot.stats;

import java.util.Arrays;

/** Checks shared by the statistics in this package. */
final class Values {

    private Values() {
    }

    /** A sorted copy of {@code values}, which must be non-empty and finite. */
    static double[] sortedFinite(double[] values, String what) {
        requireFinite(values, what);
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted;
    }

    static void requireFinite(double[] values, String what) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException(what + ": no values");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(what + ": value [" + i + "] is " + values[i]
                        + "; only finite values are allowed (drop NaN and infinities first)");
            }
        }
    }
}
