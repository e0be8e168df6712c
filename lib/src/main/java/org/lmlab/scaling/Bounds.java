package org.lmlab.scaling;

import java.util.Arrays;

/**
 * A box {@code lower_i ≤ x_i ≤ upper_i} on a law's fitted coordinates; an infinite bound is no bound.
 *
 * @param lower per coordinate, {@code -∞} where unbounded below
 * @param upper per coordinate, {@code +∞} where unbounded above
 */
public record Bounds(double[] lower, double[] upper) {

    public Bounds {
        if (lower.length != upper.length) {
            throw new IllegalArgumentException("bounds of different lengths: " + lower.length + " and " + upper.length);
        }
        for (int i = 0; i < lower.length; i++) {
            if (Double.isNaN(lower[i]) || Double.isNaN(upper[i]) || lower[i] > upper[i]) {
                throw new IllegalArgumentException("bound " + i + " is empty or not a number: [" + lower[i] + ", "
                        + upper[i] + "]");
            }
        }
        lower = lower.clone();
        upper = upper.clone();
    }

    /** No bound on any of {@code n} coordinates. */
    public static Bounds none(int n) {
        double[] lo = new double[n];
        double[] hi = new double[n];
        Arrays.fill(lo, Double.NEGATIVE_INFINITY);
        Arrays.fill(hi, Double.POSITIVE_INFINITY);
        return new Bounds(lo, hi);
    }

    public int size() {
        return lower.length;
    }

    /** Whether some coordinate has a finite bound. */
    public boolean any() {
        for (int i = 0; i < lower.length; i++) {
            if (lower[i] != Double.NEGATIVE_INFINITY || upper[i] != Double.POSITIVE_INFINITY) {
                return true;
            }
        }
        return false;
    }

    /** {@code x} moved to the nearest point of the box, in place; returns {@code x}. */
    public double[] project(double[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.min(upper[i], Math.max(lower[i], x[i]));
        }
        return x;
    }

    /**
     * {@code max_i |P(x − g)_i − x_i|}: zero exactly at a stationary point of the bounded problem
     * (scipy's L-BFGS-B {@code pgtol} measure).
     */
    public double projectedGradientNorm(double[] x, double[] g) {
        double m = 0;
        for (int i = 0; i < x.length; i++) {
            double moved = Math.min(upper[i], Math.max(lower[i], x[i] - g[i]));
            m = Math.max(m, Math.abs(moved - x[i]));
        }
        return m;
    }

    /** Whether coordinate {@code i} sits on a bound that the gradient pushes against (so it stays there). */
    boolean pinned(int i, double xi, double gi) {
        return (xi <= lower[i] && gi > 0) || (xi >= upper[i] && gi < 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bounds b && Arrays.equals(lower, b.lower) && Arrays.equals(upper, b.upper);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(lower) + Arrays.hashCode(upper);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Bounds[");
        for (int i = 0; i < lower.length; i++) {
            sb.append(i == 0 ? "" : ", ").append('[').append(lower[i]).append(", ").append(upper[i]).append(']');
        }
        return sb.append(']').toString();
    }
}
