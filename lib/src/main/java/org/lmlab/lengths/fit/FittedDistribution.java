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
 * @param ks Kolmogorov-Smirnov statistic {@code sup |F_n - F|} (scipy's {@code kstest(...).statistic})
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

    /** Log density at {@code x}; {@code -Infinity} for x &le; 0. */
    public double logPdf(double x) {
        return logPdf(family, parameters, x);
    }

    /** Cumulative distribution function at {@code x}. */
    public double cdf(double x) {
        return cdf(family, parameters, x);
    }

    static double logPdf(Family family, double[] p, double x) {
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
            default:
                throw new AssertionError(family);
        }
    }

    static double cdf(Family family, double[] p, double x) {
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
