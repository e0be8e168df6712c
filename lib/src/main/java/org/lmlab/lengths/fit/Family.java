package org.lmlab.lengths.fit;

import java.util.List;

/**
 * Continuous families fitted by maximum likelihood with location fixed at 0, parameterised as
 * scipy.stats is ({@code expon}, {@code lognorm}, {@code gamma}, {@code weibull_min} with {@code floc=0}).
 */
public enum Family {
    /** Density {@code exp(-x/scale)/scale}; MLE scale = mean. */
    EXPONENTIAL(List.of("scale")),
    /** {@code log x ~ Normal(log scale, s²)}; MLE from the mean and population SD of {@code log x}. */
    LOGNORMAL(List.of("s", "scale")),
    /** Density {@code x^(a-1) exp(-x/scale) / (Γ(a) scale^a)}; MLE shape by Newton, scale = mean / a. */
    GAMMA(List.of("a", "scale")),
    /** scipy's {@code weibull_min}: CDF {@code 1 - exp(-(x/scale)^c)}; MLE shape by Newton, scale in closed form. */
    WEIBULL(List.of("c", "scale"));

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

    /** The scipy.stats name. */
    public String scipyName() {
        switch (this) {
            case EXPONENTIAL: return "expon";
            case LOGNORMAL: return "lognorm";
            case GAMMA: return "gamma";
            case WEIBULL: return "weibull_min";
            default: throw new AssertionError(this);
        }
    }
}
