package org.lmlab.scaling.law;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lmlab.scaling.ScalingLaw;

/**
 * A single power law in one variable X (Kaplan et al. 2020): N, D or C = 6ND.
 * With an irreducible term {@code L(X) = E + A/X^α = E + (X_c/X)^α} (X_c = A^{1/α}), fitted as
 * {@code log L̂ = LSE(a − α log X, e)}; without it {@code L(X) = A/X^α}, {@code log L̂ = a − α log X}.
 */
public final class KaplanLaw implements ScalingLaw {

    /** The variable the law is a power law in. */
    public enum Variable {
        /** model size */
        N,
        /** training tokens */
        D,
        /** training compute C = 6 N D */
        C;

        double of(double params, double tokens) {
            return switch (this) {
                case N -> params;
                case D -> tokens;
                case C -> 6 * params * tokens;
            };
        }
    }

    private static final double[] AS = {0, 5, 10, 15, 20, 25};
    private static final double[] ALPHAS = {0, 0.1, 0.25, 0.5, 1, 1.5, 2};
    private static final double[] ES = {-1, -0.5, 0, 0.5, 1};

    private final Variable variable;
    private final boolean irreducible;
    private final List<double[]> starts;

    public KaplanLaw(Variable variable, boolean irreducible) {
        this.variable = variable;
        this.irreducible = irreducible;
        this.starts = irreducible ? Grid.product(AS, ALPHAS, ES) : Grid.product(AS, ALPHAS);
    }

    public Variable variable() {
        return variable;
    }

    public boolean irreducible() {
        return irreducible;
    }

    @Override
    public String name() {
        return "kaplan-" + variable.name().toLowerCase(Locale.ROOT) + (irreducible ? "" : "-pure");
    }

    @Override
    public List<String> parameterNames() {
        return irreducible ? List.of("a", "alpha", "e") : List.of("a", "alpha");
    }

    @Override
    public double logPredict(double[] t, double params, double tokens, double uniqueTokens, double[] gradient) {
        double lnX = Math.log(variable.of(params, tokens));
        double t1 = t[0] - t[1] * lnX;
        if (!irreducible) {
            if (gradient != null) {
                gradient[0] = 1;
                gradient[1] = -lnX;
            }
            return t1;
        }
        double m = Math.max(t1, t[2]);
        double lse = m + Math.log(Math.exp(t1 - m) + Math.exp(t[2] - m));
        if (gradient != null) {
            double w1 = Math.exp(t1 - lse);
            gradient[0] = w1;
            gradient[1] = -w1 * lnX;
            gradient[2] = Math.exp(t[2] - lse);
        }
        return lse;
    }

    @Override
    public String formula(double[] t) {
        String x = variable.name();
        String power = String.format(Locale.ROOT, "%.4g/%s^%.4g", Math.exp(t[0]), x, t[1]);
        return "L(" + x + ") = " + (irreducible ? String.format(Locale.ROOT, "%.4g + ", Math.exp(t[2])) : "") + power;
    }

    /** A, alpha, X_c = A^{1/α} and (with the irreducible term) E. */
    @Override
    public Map<String, Double> naturalParameters(double[] t) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("A", Math.exp(t[0]));
        m.put("alpha", t[1]);
        m.put(variable.name() + "_c", Math.exp(t[0] / t[1]));
        if (irreducible) {
            m.put("E", Math.exp(t[2]));
        }
        return m;
    }

    @Override
    public int startCount() {
        return starts.size();
    }

    @Override
    public double[] start(int i) {
        return starts.get(i).clone();
    }

    @Override
    public List<double[]> refitStarts() {
        return irreducible ? Grid.product(new double[] {5, 15}, new double[] {0.1, 0.5}, new double[] {0, 1})
                : Grid.product(new double[] {5, 15}, new double[] {0.1, 0.5});
    }
}
