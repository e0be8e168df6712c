package org.lmlab.scaling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Result of fitting a {@link ScalingLaw}.
 *
 * @param law          the law
 * @param theta        best fitting coordinates
 * @param objective    summed Huber loss at {@code theta}
 * @param gradientNorm max-norm of the objective's gradient there
 * @param runs         runs fitted
 * @param starts       starts tried
 * @param startsAtBest starts ending within the relative tolerance of the best objective
 * @param bestStart    index of the start that led to the best point
 * @param stops        how many starts stopped for each reason
 * @param elapsed      wall-clock time
 */
public record LawFit(ScalingLaw law, double[] theta, double objective, double gradientNorm, int runs, int starts,
                     int startsAtBest, int bestStart, Map<Lbfgs.Status, Integer> stops, Duration elapsed) {

    public LawFit {
        theta = theta.clone();
        stops = Map.copyOf(stops);
    }

    @Override
    public double[] theta() {
        return theta.clone();
    }

    /** The law's usual parameters (A, B, E, alpha, beta, …). */
    public Map<String, Double> parameters() {
        return law.naturalParameters(theta);
    }

    /** Predicted loss of a run with all tokens unique. */
    public double predict(double params, double tokens) {
        return law.predict(theta, params, tokens);
    }

    /** Predicted loss of a run that saw {@code uniqueTokens} distinct tokens. */
    public double predict(double params, double tokens, double uniqueTokens) {
        return law.predict(theta, params, tokens, uniqueTokens, null);
    }

    /**
     * The fit as {@code (a, b, e, α, β)} of {@code E + A/N^α + B/D^β}.
     *
     * @throws IllegalArgumentException when the law is not of that form (see {@link ComputeOptimalLaw})
     */
    public ChinchillaParams chinchillaParams() {
        if (!hasComputeOptimal()) {
            throw new IllegalArgumentException("the " + law.name() + " law is not of the Chinchilla form "
                    + "E + A/N^alpha + B/D^beta in N and D; fit the chinchilla law");
        }
        return ((ComputeOptimalLaw) law).chinchillaParams(theta);
    }

    /** Whether the law has a compute-optimal allocation ({@link #optimal}) and {@link #chinchillaParams()}. */
    public boolean hasComputeOptimal() {
        return law instanceof ComputeOptimalLaw;
    }

    /**
     * The compute-optimal allocation of {@code flops} under C = 6ND.
     *
     * @throws IllegalArgumentException when the law has none (see {@link #hasComputeOptimal()})
     */
    public ComputeOptimal.Allocation optimal(double flops) {
        return new ComputeOptimal(chinchillaParams()).at(flops);
    }

    public String formula() {
        return law.formula(theta);
    }

    /**
     * The fitted coordinates that stopped on a bound of {@link ScalingLaw#bounds()}, e.g. {@code alpha = 0.3 (upper
     * bound)}: there the optimum of the unbounded objective lies outside the box. Empty without bounds.
     */
    public List<String> atBounds() {
        Bounds box = law.bounds();
        List<String> at = new ArrayList<>();
        for (int k = 0; box != null && k < theta.length; k++) {
            boolean lower = theta[k] == box.lower()[k];
            if (lower || theta[k] == box.upper()[k]) {
                at.add(law.parameterNames().get(k) + " = " + theta[k] + (lower ? " (lower" : " (upper") + " bound)");
            }
        }
        return at;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(law.name()).append(": ").append(formula()).append(System.lineSeparator())
                .append(" ");
        parameters().forEach((k, v) -> s.append(String.format(Locale.ROOT, " %s=%.7g", k, v)));
        List<String> pinned = atBounds();
        if (!pinned.isEmpty()) {
            s.append(System.lineSeparator()).append("  at a bound: ").append(String.join(", ", pinned));
        }
        return s.append(String.format(Locale.ROOT, "%n  objective=%.12g |grad|=%.2e runs=%d starts=%d at best=%d "
                + "stops=%s (%d ms)", objective, gradientNorm, runs, starts, startsAtBest, new TreeMap<>(stops),
                elapsed.toMillis())).toString();
    }
}
