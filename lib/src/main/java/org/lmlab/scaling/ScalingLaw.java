package org.lmlab.scaling;

import java.util.List;
import java.util.Map;

/**
 * A parametric loss law {@code L(N, D[, U])} fitted in log space. Parameters {@code theta} are the
 * law's fitting coordinates (e.g. {@code a = log A}); {@link #naturalParameters} gives the usual
 * ones. Implementations are immutable and thread-safe.
 */
public interface ScalingLaw {

    /** Short name, as the magic's {@code --law} takes it: {@code chinchilla}, {@code kaplan-n}, … */
    String name();

    /** Names of the fitting coordinates, in {@code theta} order. */
    List<String> parameterNames();

    default int parameterCount() {
        return parameterNames().size();
    }

    /**
     * {@code log L̂} for a run of {@code params} N, {@code tokens} D and {@code uniqueTokens} U
     * (U = D when all tokens are unique); when {@code gradient} is not null, writes
     * {@code ∂ log L̂ / ∂ theta} into it.
     */
    double logPredict(double[] theta, double params, double tokens, double uniqueTokens, double[] gradient);

    /** Predicted loss L̂; with a non-null {@code gradient}, writes {@code ∂L̂/∂theta} into it. */
    default double predict(double[] theta, double params, double tokens, double uniqueTokens, double[] gradient) {
        double loss = Math.exp(logPredict(theta, params, tokens, uniqueTokens, gradient));
        if (gradient != null) {
            for (int i = 0; i < gradient.length; i++) {
                gradient[i] *= loss;
            }
        }
        return loss;
    }

    /** Predicted loss of a run with all tokens unique. */
    default double predict(double[] theta, double params, double tokens) {
        return predict(theta, params, tokens, tokens, null);
    }

    /** The law with its fitted numbers, e.g. {@code L(N, D) = 1.817 + 477.8/N^0.3473 + 2143/D^0.3672}. */
    String formula(double[] theta);

    /** The usual parameters by name (A, B, E, alpha, beta, …), in a fixed order. */
    Map<String, Double> naturalParameters(double[] theta);

    /** The box the fitted coordinates must stay in; null (the default) for none. */
    default Bounds bounds() {
        return null;
    }

    /** Number of starts of the default multi-start grid. */
    int startCount();

    /** The i-th default start. */
    double[] start(int i);

    /**
     * Small start grid used besides the full-data optimum when refitting bootstrap resamples
     * (see {@code org.lmlab.scaling.bootstrap.Bootstrap}).
     */
    List<double[]> refitStarts();

    /**
     * Quantities derived from the parameters at a compute budget (e.g. N_opt, D_opt and tokens per
     * parameter for C = 6ND); empty when the law has none.
     */
    default Map<String, Double> derived(double[] theta, double flops) {
        return Map.of();
    }

    /**
     * The table columns the law's variables are bound to (a formula's, first N then D when there are
     * two); empty for the built-in laws, which read the runs' params and tokens columns.
     */
    default List<String> columns() {
        return List.of();
    }

    /** The fitting objective {@code Σ w_i Huber_δ(log L̂_i − log L_i)} (weights null: all ones). */
    default DifferentiableFunction objective(ScalingData data, double[] weights, double delta) {
        return new HuberLogObjective(this, data, weights, delta);
    }
}
