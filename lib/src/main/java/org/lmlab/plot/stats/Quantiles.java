package org.lmlab.plot.stats;

/**
 * Sample quantiles with numpy's default method ({@code np.percentile(x, q, method="linear")},
 * Hyndman &amp; Fan type 7): the virtual index {@code (n - 1) q} interpolated linearly between
 * its neighbours in sorted order, computed the way numpy does so results agree bit for bit.
 */
public final class Quantiles {

    private Quantiles() {
    }

    /**
     * The {@code q}-quantile of {@code sorted} (ascending, finite, non-empty).
     *
     * @param q a probability in [0, 1]
     */
    public static double linear(double[] sorted, double q) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values to take a quantile of");
        }
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in [0, 1]; got " + q);
        }
        int n = sorted.length;
        double virtual = (n - 1) * q;
        if (virtual >= n - 1) {
            return sorted[n - 1];
        }
        double previous = Math.floor(virtual);
        int i = (int) previous;
        double gamma = virtual - previous;
        double a = sorted[i];
        double b = sorted[i + 1];
        double diff = b - a;
        // numpy's _lerp: interpolate from the nearer end to stay monotone and exact at the ends
        return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
    }
}
