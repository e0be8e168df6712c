package org.lmlab.lengths.fit;

import java.util.List;

/**
 * Families fitted by maximum likelihood with location fixed at 0, parameterised as scipy.stats is
 * ({@code expon}, {@code lognorm}, {@code gamma}, {@code weibull_min} with {@code floc=0}, {@code nbinom}), plus a
 * two-component lognormal mixture (scipy has none; its reference is scikit-learn's {@code GaussianMixture} on
 * log lengths).
 */
public enum Family {
    /** Density {@code exp(-x/scale)/scale}; MLE scale = mean. */
    EXPONENTIAL(List.of("scale")),
    /** {@code log x ~ Normal(log scale, s²)}; MLE from the mean and population SD of {@code log x}. */
    LOGNORMAL(List.of("s", "scale")),
    /** Density {@code x^(a-1) exp(-x/scale) / (Γ(a) scale^a)}; MLE shape by Newton, scale = mean / a. */
    GAMMA(List.of("a", "scale")),
    /** scipy's {@code weibull_min}: CDF {@code 1 - exp(-(x/scale)^c)}; MLE shape by Newton, scale in closed form. */
    WEIBULL(List.of("c", "scale")),
    /**
     * scipy's {@code nbinom} on counts k = 0, 1, …: {@code P(k) = Γ(k+n) / (Γ(n) k!) pⁿ (1−p)ᵏ}, mean
     * {@code n(1−p)/p}. Discrete: its log-likelihood sums log probabilities, not log densities.
     */
    NEGATIVE_BINOMIAL(List.of("n", "p")),
    /**
     * {@code w · lognorm(s1, scale1) + (1 − w) · lognorm(s2, scale2)}, scale1 &le; scale2, fitted by EM on
     * {@code log x} from several seeded starts.
     */
    LOGNORMAL_MIXTURE(List.of("w", "s1", "scale1", "s2", "scale2"));

    private final List<String> parameterNames;

    Family(List<String> parameterNames) {
        this.parameterNames = parameterNames;
    }

    /** Parameter names in scipy's order (shape first, then scale). */
    public List<String> parameterNames() {
        return parameterNames;
    }

    /** The number of free parameters (location is fixed), used by AIC and BIC. */
    public int freeParameters() {
        return parameterNames.size();
    }

    /** True for the negative binomial, whose support is the counts 0, 1, 2, …. */
    public boolean isDiscrete() {
        return this == NEGATIVE_BINOMIAL;
    }

    /** The scipy.stats name; {@code null} for the lognormal mixture, which scipy.stats lacks. */
    public String scipyName() {
        switch (this) {
            case EXPONENTIAL: return "expon";
            case LOGNORMAL: return "lognorm";
            case GAMMA: return "gamma";
            case WEIBULL: return "weibull_min";
            case NEGATIVE_BINOMIAL: return "nbinom";
            default: return null;
        }
    }

    /** True for the four continuous families that scipy's {@code rv_continuous.fit(x, floc=0)} fits. */
    public boolean fittedByScipy() {
        return !isDiscrete() && this != LOGNORMAL_MIXTURE;
    }
}
