package org.lmlab.stats;

import java.util.Locale;

/**
 * A percentile confidence interval read off bootstrap replicates: the one interval record of the
 * library (scaling-law fits and length comparisons alike).
 *
 * @param name          the quantity (A, alpha, N_opt, difference, …)
 * @param estimate      its value on the full data
 * @param lower         the (1 − level)/2 quantile of the replicates ({@link QuantileMethod#LINEAR})
 * @param upper         the (1 + level)/2 quantile
 * @param level         confidence level
 * @param standardError the replicates' sample SD (ddof 1); NaN where it was not computed
 */
public record Interval(String name, double estimate, double lower, double upper, double level, double standardError) {

    /** An interval without a standard error. */
    public Interval(String name, double estimate, double lower, double upper, double level) {
        this(name, estimate, lower, upper, level, Double.NaN);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s = %.6g [%.6g, %.6g] (%.0f%%)", name, estimate, lower, upper, 100 * level);
    }
}
