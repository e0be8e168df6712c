package org.lmlab.scaling;

import java.util.Locale;

/**
 * Parameters of the Chinchilla law {@code L(N, D) = E + A/N^α + B/D^β}, stored in the fitting
 * coordinates of Hoffmann et al. 2022 Approach 3: {@code a = log A}, {@code b = log B},
 * {@code e = log E} (natural logs), {@code alpha}, {@code beta}.
 */
public record ChinchillaParams(double a, double b, double e, double alpha, double beta) {

    public ChinchillaParams {
        double[] v = {a, b, e, alpha, beta};
        String[] n = {"a", "b", "e", "alpha", "beta"};
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(n[i] + " must be finite, got " + v[i]);
            }
        }
    }

    /** From the natural-scale constants A, B, E (each &gt; 0). */
    public static ChinchillaParams ofNatural(double A, double B, double E, double alpha, double beta) {
        if (!(A > 0 && B > 0 && E > 0)) {
            throw new IllegalArgumentException("A, B and E must be > 0, got A=" + A + ", B=" + B + ", E=" + E);
        }
        return new ChinchillaParams(Math.log(A), Math.log(B), Math.log(E), alpha, beta);
    }

    /** From the vector {@code (a, b, e, alpha, beta)}. */
    static ChinchillaParams of(double[] theta) {
        return new ChinchillaParams(theta[0], theta[1], theta[2], theta[3], theta[4]);
    }

    /** The vector {@code (a, b, e, alpha, beta)}. */
    public double[] toArray() {
        return new double[] {a, b, e, alpha, beta};
    }

    public double A() {
        return Math.exp(a);
    }

    public double B() {
        return Math.exp(b);
    }

    public double E() {
        return Math.exp(e);
    }

    /** Predicted loss {@code E + A/N^α + B/D^β}. */
    public double predict(double params, double tokens) {
        return E() + A() / Math.pow(params, alpha) + B() / Math.pow(tokens, beta);
    }

    /** Predicted log loss via the stable log-sum-exp used in fitting. */
    public double predictLog(double params, double tokens) {
        return ChinchillaObjective.logSumExp(a - alpha * Math.log(params), b - beta * Math.log(tokens), e);
    }

    /** For example {@code L(N, D) = 1.817 + 477.8/N^0.3473 + 2143/D^0.3672}. */
    public String formula() {
        return String.format(Locale.ROOT, "L(N, D) = %.4g + %.4g/N^%.4g + %.4g/D^%.4g", E(), A(), alpha, B(), beta);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ChinchillaParams[A=%.7g, B=%.7g, E=%.7g, alpha=%.7g, beta=%.7g]",
                A(), B(), E(), alpha, beta);
    }
}
