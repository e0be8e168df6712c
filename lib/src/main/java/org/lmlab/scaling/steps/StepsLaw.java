package org.lmlab.scaling.steps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lmlab.progress.Progress;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.LawFitter;
import org.lmlab.scaling.Run;
import org.lmlab.scaling.ScalingData;
import org.lmlab.scaling.WeightedLine;
import org.lmlab.scaling.bootstrap.Bootstrap;
import org.lmlab.stats.Interval;
import org.lmlab.stats.BootstrapEngine;
import org.lmlab.scaling.formula.Formula;
import org.lmlab.scaling.formula.FormulaLaw;

/**
 * Kaplan et al. 2020's learning-curve law {@code L(N, S_min) = (N_c/N)^α_N + (S_c/S_min)^α_S}
 * (eq. 1.6/5.6), written as the custom formula {@code exp(a)/N^alphaN + exp(b)/S^alphaS}
 * ({@code a = α_N ln N_c}, {@code b = α_S ln S_c}) and fitted like every law: Huber in log space,
 * multi-start L-BFGS, bootstrap. S_min comes from each point's steps, batch and loss through a
 * {@link CriticalBatch.Fit} (eq. 5.4).
 */
public final class StepsLaw {

    /** The formula's text. */
    public static final String FORMULA = "exp(a)/N^alphaN + exp(b)/S^alphaS";

    /** Kaplan et al. 2020, Table 3 ("Fits to L(N, S)"): α_N, N_c, α_S, S_c. */
    public static final Map<String, Double> PUBLISHED = Map.of("alpha_N", 0.077, "N_c", 6.5e13, "alpha_S", 0.76,
            "S_c", 2.1e3);

    private StepsLaw() {
    }

    /** The law: variables N (params slot) and S = S_min (tokens slot); a, b start at 0, 3, 6, 9. */
    public static FormulaLaw law() {
        double[] logs = {0, 3, 6, 9};
        return new FormulaLaw(Formula.parse(FORMULA), List.of("N", "S"), List.of("params", "steps_min"),
                Map.of("a", logs, "b", logs));
    }

    /** Every point of every curve as a run (N, S_min, L), S_min = S/(1 + B_crit(L)/B). */
    public static ScalingData data(List<LearningCurve> curves, CriticalBatch.Fit batch) {
        List<Run> runs = new ArrayList<>();
        for (LearningCurve c : curves) {
            double[] s = c.steps();
            double[] l = c.loss();
            for (int i = 0; i < s.length; i++) {
                runs.add(new Run(c.params(), batch.sMin(s[i], c.batch(), l[i]), l[i]));
            }
        }
        return ScalingData.of(runs);
    }

    /**
     * Two-stage percentile bootstrap of α_N, N_c, α_S, S_c: replicate r refits the B_crit line on
     * resampled loss levels ({@link WeightedLine#bootstrap}, seed), recomputes every point's S_min with
     * it, and refits the law on resampled points ({@link Bootstrap#refit}, replicate seed of (seed, r)),
     * so the intervals carry the critical-batch uncertainty too.
     *
     * @return intervals in the order alpha_N, N_c, alpha_S, S_c
     */
    public static List<Interval> bootstrap(List<LearningCurve> curves, CriticalBatch.Fit batch, LawFit fit,
                                           int replicates, long seed, double level, Progress progress) {
        double[] x = batch.levels().stream().mapToDouble(l -> Math.log(l.loss())).toArray();
        double[] y = batch.levels().stream().mapToDouble(l -> Math.log(l.bCrit())).toArray();
        WeightedLine[] lines = WeightedLine.bootstrap(x, y, replicates, seed);
        Bootstrap refitter = new Bootstrap(new LawFitter(fit.law()));
        Map<String, double[]> values = new LinkedHashMap<>();
        constants(fit).keySet().forEach(k -> values.put(k, new double[lines.length]));
        int points = data(curves, batch).size(); // every replicate's data has these points, only S_min moves
        BootstrapEngine.perReplicate(lines.length, seed, 1).run(points, "bootstrap of L(N, S_min) with B_crit ("
                + lines.length + " replicates)", progress, (r, indices) -> {
                    CriticalBatch.Fit b = new CriticalBatch.Fit(batch.levels(), Math.exp(lines[r].intercept()),
                            -1 / lines[r].slope(), lines[r].r2());
                    double[] theta = refitter.refit(data(curves, b), fit.theta(), indices).theta();
                    constants(fit.law().naturalParameters(theta)).forEach((k, v) -> values.get(k)[r] = v);
                });
        Map<String, Double> estimates = constants(fit);
        List<Interval> out = new ArrayList<>();
        values.forEach((k, v) -> out.add(BootstrapEngine.interval(k, estimates.get(k), v, level, Double.NaN)));
        return out;
    }

    /** α_N, N_c, α_S, S_c of a fit of {@link #law()}. */
    public static Map<String, Double> constants(LawFit fit) {
        return constants(fit.parameters());
    }

    /** α_N, N_c, α_S, S_c from the formula's parameters a, alphaN, b, alphaS. */
    public static Map<String, Double> constants(Map<String, Double> p) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("alpha_N", p.get("alphaN"));
        m.put("N_c", Math.exp(p.get("a") / p.get("alphaN")));
        m.put("alpha_S", p.get("alphaS"));
        m.put("S_c", Math.exp(p.get("b") / p.get("alphaS")));
        return m;
    }
}
