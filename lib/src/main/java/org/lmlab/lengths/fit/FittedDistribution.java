package org.lmlab.lengths.fit;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A distribution of a {@link Family} with given parameters (scipy's order, location 0), and, when it
 * came from {@link LengthFits#fit}, its goodness of fit on the sample.
 *
 * @param family the family
 * @param parameters parameter values in {@link Family#parameterNames()} order
 * @param n sample size
 * @param logLikelihood sum of log densities over the sample
 * @param ks Kolmogorov-Smirnov statistic as scipy's {@code kstest(x, cdf).statistic}: the largest of
 *     {@code i/n − F(x₍ᵢ₎)} and {@code F(x₍ᵢ₎) − (i−1)/n} over the sorted sample. For the discrete negative binomial
 *     F is the step CDF {@code P(X ≤ x)} plugged into the same formula, scipy's convention; for a step F this
 *     is not in general {@code sup_t |Fₙ(t) − F(t)|}, and the p-value is then only approximate (conservative)
 */
public record FittedDistribution(Family family, double[] parameters, int n, double logLikelihood, double ks) {

    public FittedDistribution {
        if (parameters.length != family.freeParameters()) {
            throw new IllegalArgumentException(family + " takes " + family.parameterNames() + ", got "
                    + parameters.length + " values");
        }
        parameters = parameters.clone();
    }

    /** A copy of the parameter values. */
    @Override
    public double[] parameters() {
        return parameters.clone();
    }

    /** Parameter values by name. */
    public Map<String, Double> parameterMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < parameters.length; i++) {
            m.put(family.parameterNames().get(i), parameters[i]);
        }
        return m;
    }

    /** The named parameter. */
    public double parameter(String name) {
        int i = family.parameterNames().indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(family + " has parameters " + family.parameterNames() + ", not '"
                    + name + "'");
        }
        return parameters[i];
    }

    /** Akaike information criterion, {@code 2k - 2 logL}. */
    public double aic() {
        return 2 * family.freeParameters() - 2 * logLikelihood;
    }

    /** Bayesian information criterion, {@code k ln n - 2 logL}. */
    public double bic() {
        return family.freeParameters() * Math.log(n) - 2 * logLikelihood;
    }

    /**
     * Asymptotic p-value of the KS statistic, {@code P(K > sqrt(n) D)} with K Kolmogorov's limiting
     * distribution: scipy's {@code kstest(..., method='asymp')}. scipy's default ({@code 'auto'}) uses the exact
     * finite-n distribution instead, which this does not implement. Either way the p-value assumes parameters
     * not estimated from the same sample, so it is optimistic for fitted distributions.
     */
    public double ksPValueAsymptotic() {
        return Special.kolmogorovSf(Math.sqrt(n) * ks);
    }

    /**
     * Log density at {@code x} ({@code -Infinity} for x &le; 0); for the negative binomial the log probability of
     * the count x ({@code -Infinity} off the non-negative integers).
     */
    public double logPdf(double x) {
        return logPdf(family, parameters, x);
    }

    /** Cumulative distribution function at {@code x}. */
    public double cdf(double x) {
        return cdf(family, parameters, x);
    }

    static double logPdf(Family family, double[] p, double x) {
        if (family == Family.NEGATIVE_BINOMIAL) {
            if (!(x >= 0) || x != Math.rint(x)) {
                return Double.NEGATIVE_INFINITY;
            }
            return Special.lnGamma(x + p[0]) - Special.lnGamma(x + 1) - Special.lnGamma(p[0]) + p[0] * Math.log(p[1])
                    + (x == 0 ? 0 : x * Math.log1p(-p[1]));
        }
        if (!(x > 0)) {
            return Double.NEGATIVE_INFINITY;
        }
        switch (family) {
            case EXPONENTIAL:
                return -Math.log(p[0]) - x / p[0];
            case LOGNORMAL: {
                double z = (Math.log(x) - Math.log(p[1])) / p[0];
                return -Math.log(x) - Math.log(p[0]) - 0.5 * Math.log(2 * Math.PI) - 0.5 * z * z;
            }
            case GAMMA:
                return (p[0] - 1) * Math.log(x) - x / p[1] - Special.lnGamma(p[0]) - p[0] * Math.log(p[1]);
            case WEIBULL: {
                double logZ = Math.log(x) - Math.log(p[1]);
                return Math.log(p[0]) - Math.log(p[1]) + (p[0] - 1) * logZ - Math.exp(p[0] * logZ);
            }
            case LOGNORMAL_MIXTURE: {
                double a = Math.log(p[0]) + logPdf(Family.LOGNORMAL, new double[] {p[1], p[2]}, x);
                double b = Math.log1p(-p[0]) + logPdf(Family.LOGNORMAL, new double[] {p[3], p[4]}, x);
                double hi = Math.max(a, b);
                return hi + Math.log1p(Math.exp(Math.min(a, b) - hi));
            }
            default:
                throw new AssertionError(family);
        }
    }

    static double cdf(Family family, double[] p, double x) {
        if (family == Family.NEGATIVE_BINOMIAL) {
            // P(X <= k) = I_p(n, k + 1), the step function at the data points
            return x < 0 ? 0 : Special.betaI(p[0], Math.floor(x) + 1, p[1]);
        }
        if (!(x > 0)) {
            return 0;
        }
        switch (family) {
            case EXPONENTIAL:
                return -Math.expm1(-x / p[0]);
            case LOGNORMAL:
                return Special.normalCdf((Math.log(x) - Math.log(p[1])) / p[0]);
            case GAMMA:
                return Special.gammaP(p[0], x / p[1]);
            case WEIBULL:
                return -Math.expm1(-Math.pow(x / p[1], p[0]));
            case LOGNORMAL_MIXTURE:
                return p[0] * Special.normalCdf(Math.log(x / p[2]) / p[1])
                        + (1 - p[0]) * Special.normalCdf(Math.log(x / p[4]) / p[3]);
            default:
                throw new AssertionError(family);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FittedDistribution f && f.family == family && Arrays.equals(f.parameters, parameters)
                && f.n == n && Double.compare(f.logLikelihood, logLikelihood) == 0 && Double.compare(f.ks, ks) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * family.hashCode() + Arrays.hashCode(parameters);
    }

    @Override
    public String toString() {
        return family.name() + parameterMap() + "[n=" + n + ", logL=" + logLikelihood + ", AIC=" + aic() + ", BIC=" + bic()
                + ", KS=" + ks + "]";
    }
}
