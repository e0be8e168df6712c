package org.lmlab.scaling.bootstrap;

import java.util.Locale;

/**
 * A percentile confidence interval.
 *
 * @param name     the quantity (A, alpha, N_opt, …)
 * @param estimate its value on the full data
 * @param lower    the (1 − level)/2 percentile of the replicates
 * @param upper    the (1 + level)/2 percentile
 * @param level    confidence level
 */
public record Interval(String name, double estimate, double lower, double upper, double level) {

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s = %.6g [%.6g, %.6g] (%.0f%%)", name, estimate, lower, upper, 100 * level);
    }
}
