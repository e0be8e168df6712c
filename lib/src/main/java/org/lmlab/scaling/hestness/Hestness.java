package org.lmlab.scaling.hestness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.Run;
import org.lmlab.scaling.ScalingData;
import org.lmlab.scaling.law.KaplanLaw;

/**
 * Hestness et al. 2017 learning curves: generalisation error against training-set size m,
 * {@code ε(m) = α·m^{β_g} + γ} with β_g &lt; 0 and an irreducible error γ. This is the one-variable
 * power law with an irreducible term ({@link KaplanLaw} in D: {@code E + A/D^a}), so it is fitted,
 * bootstrapped and compared by that law's machinery; this class only maps data and names:
 * {@code α = A}, {@code β_g = −a}, {@code γ = E}.
 */
public final class Hestness {

    private Hestness() {
    }

    /** The law: power law in the data size with an irreducible term ({@code kaplan-d}). */
    public static KaplanLaw law() {
        return new KaplanLaw(KaplanLaw.Variable.D, true);
    }

    /**
     * Learning-curve points as runs: data size in both the params and tokens slots (only tokens is read), error as loss.
     *
     * @throws IllegalArgumentException for mismatched arrays or a value that is not finite and &gt; 0 (row named)
     */
    public static ScalingData data(double[] sizes, double[] errors) {
        if (sizes.length != errors.length) {
            throw new IllegalArgumentException("expected one error per data size, got " + sizes.length + " sizes and "
                    + errors.length + " errors");
        }
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            runs.add(Run.of(i, sizes[i], sizes[i], errors[i]));
        }
        return ScalingData.of(runs);
    }

    /** α, β_g, γ of a fit of {@link #law()}. */
    public static Map<String, Double> constants(LawFit fit) {
        return constants(fit.parameters());
    }

    /** α, β_g, γ from the law's natural parameters A, alpha, E. */
    public static Map<String, Double> constants(Map<String, Double> p) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("alpha", p.get("A"));
        m.put("beta_g", -p.get("alpha"));
        m.put("gamma", p.get("E"));
        return m;
    }
}
