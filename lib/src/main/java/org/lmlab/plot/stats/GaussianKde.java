package org.lmlab.plot.stats;

/**
 * A one-dimensional Gaussian kernel density estimate with Silverman's bandwidth factor, as
 * {@code scipy.stats.gaussian_kde(values, bw_method="silverman")} defines it: kernel standard
 * deviation {@code h = s * (3n/4)^(-1/5)} (about {@code 1.06 s n^(-1/5)}), where {@code s} is the
 * sample standard deviation (ddof = 1). This is the rule of thumb for normal data, not the
 * robust {@code 0.9 min(s, IQR/1.34) n^(-1/5)} variant.
 *
 * <p>Evaluation is exact: O(n) per point, no binning or FFT.
 */
public final class GaussianKde {

    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2 * Math.PI);

    private final double[] data;
    private final double bandwidth;

    private GaussianKde(double[] data, double bandwidth) {
        this.data = data;
        this.bandwidth = bandwidth;
    }

    /**
     * The estimate for finite {@code values}; needs at least two distinct values.
     *
     * @throws IllegalArgumentException when the sample has no spread (the bandwidth would be zero)
     */
    public static GaussianKde silverman(double[] values) {
        Values.requireFinite(values, "kernel density");
        int n = values.length;
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= n;
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
        if (!(sd > 0)) {
            throw new IllegalArgumentException("kernel density needs at least two distinct values; got "
                    + n + (n == 1 ? " value" : " values, all equal to " + values[0]));
        }
        return new GaussianKde(values.clone(), sd * silvermanFactor(n));
    }

    /** Silverman's factor {@code (n (d + 2) / 4)^(-1 / (d + 4))} for d = 1. */
    public static double silvermanFactor(int n) {
        return Math.pow(n * 3.0 / 4.0, -1.0 / 5.0);
    }

    /** The kernel's standard deviation. */
    public double bandwidth() {
        return bandwidth;
    }

    public int size() {
        return data.length;
    }

    /** The density at {@code x}. */
    public double density(double x) {
        double sum = 0;
        for (double v : data) {
            double z = (x - v) / bandwidth;
            sum += Math.exp(-0.5 * z * z);
        }
        return sum / data.length / bandwidth * INV_SQRT_2PI;
    }

    /** The density at each of {@code xs}. */
    public double[] density(double[] xs) {
        double[] out = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = density(xs[i]);
        }
        return out;
    }

    /**
     * {@code points} evenly spaced values from {@code cut} bandwidths below the minimum to
     * {@code cut} bandwidths above the maximum (seaborn's violin grid uses cut = 2).
     */
    public double[] grid(double cut, int points) {
        if (points < 2) {
            throw new IllegalArgumentException("a grid needs at least two points; got " + points);
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : data) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double lo = min - cut * bandwidth;
        double hi = max + cut * bandwidth;
        double[] grid = new double[points];
        for (int i = 0; i < points; i++) {
            grid[i] = lo + (hi - lo) * i / (points - 1);
        }
        grid[points - 1] = hi;
        return grid;
    }

    @Override
    public String toString() {
        return "GaussianKde[n=" + data.length + ", bandwidth=" + bandwidth + " (Silverman)]";
    }
}
