package org.lmlab.scaling.steps;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.lmlab.progress.Cancellation;
import org.lmlab.progress.Progress;
import org.lmlab.scaling.DifferentiableFunction;
import org.lmlab.scaling.Lbfgs;
import org.lmlab.scaling.MultiStart;
import org.lmlab.scaling.WeightedLine;
import org.lmlab.stats.Interval;
import org.lmlab.stats.QuantileMethod;

/**
 * Critical batch size from runs at several batch sizes (Kaplan et al. 2020, section 5.1, after
 * McCandlish et al. 2018). At a fixed loss, the steps S and tokens E = B·S a run at batch B needs obey
 * {@code (S/S_min − 1)(E/E_min − 1) = 1}, i.e. {@code S = S_min + E_min/B}; the critical batch is
 * {@code B_crit = E_min/S_min}. Per (model size, loss level) S_min and E_min are fitted in log space
 * ({@code Σ (ln S_i − ln(S_min + E_min/B_i))²}), then {@code B_crit(L) = B* / L^{1/α_B}} by least squares
 * of {@code ln B_crit} on {@code ln L}.
 */
public final class CriticalBatch {

    /**
     * One loss level of one model size.
     *
     * @param params    model size N
     * @param loss      the loss level
     * @param sMin      minimum steps to reach it (infinite batch)
     * @param eMin      minimum tokens to reach it (batch → 0)
     * @param batches   batch sizes used
     * @param steps     steps each took to reach the level
     * @param objective summed squared log residual at the fit
     */
    public record Level(double params, double loss, double sMin, double eMin, double[] batches, double[] steps,
                        double objective) {

        /** B_crit = E_min / S_min, in the batch's units (tokens). */
        public double bCrit() {
            return eMin / sMin;
        }
    }

    /**
     * The power law over levels.
     *
     * @param levels the level fits
     * @param bStar  B*, in the batch's units
     * @param alphaB α_B
     * @param r2     R² of the log-log line
     */
    public record Fit(List<Level> levels, double bStar, double alphaB, double r2) {

        public Fit {
            levels = List.copyOf(levels);
        }

        /** B_crit(L) = B* / L^{1/α_B}. */
        public double bCrit(double loss) {
            return bStar / Math.pow(loss, 1 / alphaB);
        }

        /** S_min = S / (1 + B_crit(L)/B) (Kaplan eq. 5.4). */
        public double sMin(double steps, double batch, double loss) {
            return steps / (1 + bCrit(loss) / batch);
        }

        /** E_min = E / (1 + B/B_crit(L)) (Kaplan eq. 5.4). */
        public double eMin(double tokens, double batch, double loss) {
            return tokens / (1 + batch / bCrit(loss));
        }

        /**
         * Percentile intervals of B* and α_B from refitting the log-log line on resampled levels
         * ({@link WeightedLine#bootstrap}).
         */
        public List<Interval> bootstrap(int replicates, long seed, double level) {
            double[] x = levels.stream().mapToDouble(l -> Math.log(l.loss())).toArray();
            double[] y = levels.stream().mapToDouble(l -> Math.log(l.bCrit())).toArray();
            WeightedLine[] lines = WeightedLine.bootstrap(x, y, replicates, seed);
            double[] bStars = Arrays.stream(lines).mapToDouble(l -> Math.exp(l.intercept())).toArray();
            double[] alphas = Arrays.stream(lines).mapToDouble(l -> -1 / l.slope()).toArray();
            double lo = (1 - level) / 2;
            double hi = (1 + level) / 2;
            return List.of(new Interval("B*", bStar, QuantileMethod.LINEAR.ofFinite(bStars, lo), QuantileMethod.LINEAR.ofFinite(bStars, hi), level),
                    new Interval("alpha_B", alphaB, QuantileMethod.LINEAR.ofFinite(alphas, lo), QuantileMethod.LINEAR.ofFinite(alphas, hi), level));
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "B_crit(L) = %.4g / L^(1/%.4g) from %d levels (R^2 = %.4f)", bStar, alphaB,
                    levels.size(), r2);
        }
    }

    private CriticalBatch() {
    }

    /** The level objective over {@code (ln S_min, ln E_min)}, with its gradient. */
    public static DifferentiableFunction objective(double[] batches, double[] steps) {
        double[] b = batches.clone();
        double[] lnS = Arrays.stream(steps).map(Math::log).toArray();
        return (p, g) -> {
            double s = Math.exp(p[0]);
            double e = Math.exp(p[1]);
            double f = 0;
            g[0] = 0;
            g[1] = 0;
            for (int i = 0; i < b.length; i++) {
                double pred = s + e / b[i];
                double r = Math.log(pred) - lnS[i];
                f += r * r;
                g[0] += 2 * r * s / pred;
                g[1] += 2 * r * e / b[i] / pred;
            }
            return f;
        };
    }

    /** Starts for a level: from ordinary least squares of S on 1/B where positive, and from the data's extremes. */
    public static List<double[]> starts(double[] batches, double[] steps) {
        double[] inv = Arrays.stream(batches).map(x -> 1 / x).toArray();
        WeightedLine ols = WeightedLine.fit(inv, steps, null);
        double minS = Arrays.stream(steps).min().orElseThrow();
        double maxS = Arrays.stream(steps).max().orElseThrow();
        double minB = Arrays.stream(batches).min().orElseThrow();
        List<double[]> starts = new ArrayList<>();
        if (ols.intercept() > 0 && ols.slope() > 0) {
            starts.add(new double[] {Math.log(ols.intercept()), Math.log(ols.slope())});
        }
        starts.add(new double[] {Math.log(minS / 2), Math.log(maxS * minB / 2)});
        starts.add(new double[] {Math.log(minS), Math.log(maxS * minB)});
        return starts;
    }

    /**
     * S_min and E_min at one loss level from the steps runs at {@code batches} took to reach it.
     *
     * @throws IllegalArgumentException with fewer than 3 batch sizes or non-positive values
     */
    public static Level fitLevel(double params, double loss, double[] batches, double[] steps) {
        if (batches.length != steps.length || batches.length < 3) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "need the steps of at least 3 batch sizes to fit "
                    + "S_min and E_min at loss %.4g (N=%.4g), got %d", loss, params, Math.min(batches.length, steps.length)));
        }
        for (int i = 0; i < batches.length; i++) {
            if (!(batches[i] > 0) || !(steps[i] > 0) || !Double.isFinite(batches[i]) || !Double.isFinite(steps[i])) {
                throw new IllegalArgumentException("batch sizes and steps must be finite and > 0, got B=" + batches[i]
                        + " S=" + steps[i]);
            }
        }
        List<double[]> starts = starts(batches, steps);
        MultiStart.Outcome o = new MultiStart(Lbfgs.Options.tight(), 1e-6).minimize(objective(batches, steps),
                starts.size(), i -> starts.get(i).clone(), false, Progress.NONE);
        double[] p = o.best().x();
        return new Level(params, loss, Math.exp(p[0]), Math.exp(p[1]), batches.clone(), steps.clone(), o.best().value());
    }

    /**
     * Loss levels for one model size: {@code count} levels evenly spaced in log between the highest
     * final loss and the lowest first loss of its curves (pulled 5 % of that span inwards), so every curve crosses each.
     *
     * @return empty when the curves share no loss range
     */
    public static double[] levels(List<LearningCurve> curves, int count) {
        double top = curves.stream().mapToDouble(c -> c.loss()[0]).min().orElseThrow();
        double bottom = curves.stream().mapToDouble(c -> Arrays.stream(c.loss()).min().orElseThrow()).max().orElseThrow();
        if (!(bottom < top) || count < 1) {
            return new double[0];
        }
        double lo = Math.log(bottom);
        double hi = Math.log(top);
        double pad = 0.05 * (hi - lo);
        double[] out = new double[count];
        for (int k = 0; k < count; k++) {
            out[k] = Math.exp(count == 1 ? 0.5 * (lo + hi) : lo + pad + k * (hi - lo - 2 * pad) / (count - 1));
        }
        return out;
    }

    /**
     * Fits every model size's levels ({@code levelsPerModel} each, see {@link #levels}) and the power law.
     *
     * @throws IllegalArgumentException when fewer than 3 levels could be fitted (each needs a model
     *                                  size with at least 3 batch sizes reaching it)
     */
    public static Fit fit(List<LearningCurve> curves, int levelsPerModel, Progress progress) {
        TreeMap<Double, List<LearningCurve>> byModel = new TreeMap<>();
        curves.forEach(c -> byModel.computeIfAbsent(c.params(), k -> new ArrayList<>()).add(c));
        List<Level> levels = new ArrayList<>();
        progress.start(byModel.size(), "critical batch (" + byModel.size() + " model sizes)");
        try {
            for (var e : byModel.entrySet()) {
                Cancellation.check();
                for (double target : levels(e.getValue(), levelsPerModel)) {
                    List<double[]> points = new ArrayList<>();
                    for (LearningCurve c : e.getValue()) {
                        double s = c.stepsToReach(target);
                        if (!Double.isNaN(s)) {
                            points.add(new double[] {c.batch(), s});
                        }
                    }
                    if (points.size() >= 3) {
                        levels.add(fitLevel(e.getKey(), target, points.stream().mapToDouble(p -> p[0]).toArray(),
                                points.stream().mapToDouble(p -> p[1]).toArray()));
                    }
                }
                progress.step(1);
            }
        } finally {
            progress.done();
        }
        return powerLaw(levels);
    }

    /** B* and α_B from level fits: least squares of ln B_crit on ln L. */
    public static Fit powerLaw(List<Level> levels) {
        if (levels.size() < 3) {
            throw new IllegalArgumentException("need at least 3 fitted loss levels for B_crit(L) = B*/L^(1/alpha_B), got "
                    + levels.size() + "; give runs at 3 or more batch sizes per model size whose losses overlap");
        }
        double[] x = levels.stream().mapToDouble(l -> Math.log(l.loss())).toArray();
        double[] y = levels.stream().mapToDouble(l -> Math.log(l.bCrit())).toArray();
        WeightedLine line = WeightedLine.fit(x, y, null);
        if (Double.isNaN(line.slope()) || line.slope() >= 0) {
            throw new IllegalArgumentException("B_crit does not fall with loss across the levels (slope " + line.slope()
                    + " of ln B_crit on ln L); the power law B*/L^(1/alpha_B) does not describe these runs");
        }
        return new Fit(levels, Math.exp(line.intercept()), -1 / line.slope(), line.r2());
    }
}
