package org.lmlab.stats;

import java.util.Arrays;

/**
 * Quantile conventions, named and defined as numpy's {@code np.quantile(..., method=...)} for the
 * discontinuous and linear families. All use the virtual index {@code h = (n - 1) p} on the sorted
 * sample {@code x[0..n-1]}, with {@code j = floor(h)} and {@code g = h - j}.
 *
 * <p>The one quantile of the library: plots (box, Freedman-Diaconis bins), bootstrap percentile
 * intervals and length statistics all read {@link #LINEAR} from here, so they agree with
 * {@code numpy.quantile} bit for bit.
 */
public enum QuantileMethod {
    /** {@code x[j] + g (x[j+1] - x[j])}: numpy's default, Hyndman-Fan type 7, R's default. */
    LINEAR,
    /** {@code x[j]}. */
    LOWER,
    /** {@code x[ceil(h)]}. */
    HIGHER,
    /** The closer of {@code x[j]}, {@code x[j+1]}; a tie ({@code g = 0.5}) takes the even index, as numpy does. */
    NEAREST,
    /** {@code (x[j] + x[ceil(h)]) / 2}. */
    MIDPOINT;

    /**
     * The {@code p}-quantile of {@code sorted}, which must be ascending and non-empty.
     *
     * @throws IllegalArgumentException if {@code p} is outside [0, 1] or NaN, or {@code sorted} is empty
     */
    public double of(double[] sorted, double p) {
        requireProbability(p);
        int n = sorted.length;
        if (n == 0) {
            throw new IllegalArgumentException("quantile of an empty sample is undefined");
        }
        double h = (n - 1) * p;
        int j = (int) Math.floor(h);
        if (j >= n - 1) {
            return sorted[n - 1];
        }
        double g = h - j;
        double lo = sorted[j];
        double hi = sorted[j + 1];
        switch (this) {
            case LINEAR:
                return lerp(lo, hi, g);
            case LOWER:
                return lo;
            case HIGHER:
                return g > 0 ? hi : lo;
            case NEAREST:
                if (g < 0.5) {
                    return lo;
                }
                if (g > 0.5) {
                    return hi;
                }
                return (j % 2 == 0) ? lo : hi;
            case MIDPOINT:
                return g > 0 ? (lo + hi) / 2 : lo;
            default:
                throw new AssertionError(this);
        }
    }

    /**
     * The {@code p}-quantile of the finite values of {@code values} (any order; NaN and infinities
     * are left out, the input is not changed); NaN when none is finite.
     *
     * @throws IllegalArgumentException if {@code p} is outside [0, 1] or NaN
     */
    public double ofFinite(double[] values, double p) {
        requireProbability(p);
        double[] sorted = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        return sorted.length == 0 ? Double.NaN : of(sorted, p);
    }

    private static void requireProbability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("quantile probability must be in [0, 1], got " + p);
        }
    }

    /** Linear interpolation written as numpy's {@code _lerp}: from the nearer end, so t = 1 gives b exactly. */
    static double lerp(double a, double b, double t) {
        double diff = b - a;
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }
}
