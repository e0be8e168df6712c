package org.lmlab.scaling.steplaw;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lmlab.progress.Cancellation;
import org.lmlab.progress.Progress;
import org.lmlab.stats.BootstrapEngine;
import org.lmlab.stats.Interval;
import org.lmlab.scaling.isoflop.LeastSquares;

/**
 * Fits the Step Law to a grid of (N, D, lr, batch, loss) runs: per (N, D) group the minimum of a
 * {@link QuadraticSurface} over (ln lr, ln B) (the best run as fallback), then
 * {@code ln lr = ln c + alpha ln N + beta ln D} and {@code ln B = ln d + gamma ln D} by ordinary least
 * squares in log space, as the authors do (sklearn LinearRegression on log values), with percentile
 * bootstrap intervals from resampling the regression points.
 */
public final class StepLawFitter {

    private final StepLawOptions options;

    public StepLawFitter(StepLawOptions options) {
        this.options = options;
    }

    /** Runs grouped by exact (N, D), ordered by N then D. */
    public static List<List<HparamRun>> groups(List<HparamRun> runs) {
        Map<List<Double>, List<HparamRun>> byKey = new LinkedHashMap<>();
        for (HparamRun r : runs) {
            byKey.computeIfAbsent(List.of(r.params(), r.tokens()), k -> new ArrayList<>()).add(r);
        }
        List<List<HparamRun>> groups = new ArrayList<>(byKey.values());
        groups.sort(Comparator.<List<HparamRun>>comparingDouble(g -> g.get(0).params())
                .thenComparingDouble(g -> g.get(0).tokens()));
        return groups;
    }

    /** The optimum of one group (all runs must share N and D). */
    public GroupOptimum optimum(List<HparamRun> group) {
        HparamRun best = group.stream().min(Comparator.comparingDouble(HparamRun::loss)).orElseThrow(
                () -> new IllegalArgumentException("empty group"));
        List<HparamRun> window = group.stream().filter(r -> r.loss() <= (1 + options.window()) * best.loss()).toList();
        QuadraticSurface surface = null;
        String note;
        try {
            surface = QuadraticSurface.fit(window);
            note = surfaceProblem(surface, window);
        } catch (IllegalArgumentException e) {
            note = "too few runs within the window (" + window.size() + ")";
        }
        if (note.isEmpty()) {
            double[] p = surface.stationaryPoint();
            return new GroupOptimum(best.params(), best.tokens(), group.size(), window.size(), p[0], p[1],
                    surface.loss(p[0], p[1]), GroupOptimum.Method.SURFACE, "", best, surface);
        }
        return new GroupOptimum(best.params(), best.tokens(), group.size(), window.size(), best.lr(), best.batch(),
                best.loss(), GroupOptimum.Method.GRID, note, best, surface);
    }

    /** Why the surface's stationary point is not used; empty when it is. */
    private static String surfaceProblem(QuadraticSurface surface, List<HparamRun> window) {
        if (!surface.convex()) {
            return "surface not convex";
        }
        double[] p = surface.stationaryPoint();
        double lrMin = window.stream().mapToDouble(HparamRun::lr).min().orElseThrow();
        double lrMax = window.stream().mapToDouble(HparamRun::lr).max().orElseThrow();
        double bMin = window.stream().mapToDouble(HparamRun::batch).min().orElseThrow();
        double bMax = window.stream().mapToDouble(HparamRun::batch).max().orElseThrow();
        if (p[0] < lrMin || p[0] > lrMax || p[1] < bMin || p[1] > bMax) {
            return "surface minimum outside the runs' range";
        }
        return "";
    }

    /** Fits the law; progress counts groups, then bootstrap resamples. */
    public StepLawFit fit(List<HparamRun> runs, Progress progress) {
        List<List<HparamRun>> groups = groups(runs);
        progress.start(groups.size() + options.bootstrap(), "Step Law");
        List<GroupOptimum> optima = new ArrayList<>();
        for (List<HparamRun> g : groups) {
            Cancellation.check();
            optima.add(optimum(g));
            progress.step(1);
        }
        double[][] points = regressionPoints(groups, optima); // rows {ln N, ln D, ln lr, ln B}
        checkDesign(points, groups.size());
        double[] estimate = regress(points);
        List<Interval> intervals = new ArrayList<>();
        if (options.bootstrap() > 0) {
            double[][] replicates = new double[options.bootstrap()][];
            // One worker: the regressions are cheap, and progress already counts the groups before them.
            BootstrapEngine.perReplicate(options.bootstrap(), options.seed(), 1).forEach(points.length, progress,
                    (r, indices) -> replicates[r] = regressOrNaN(points, indices));
            intervals.addAll(BootstrapEngine.intervals(StepLawFit.QUANTITIES, estimate, replicates, options.level()));
        }
        progress.done();
        return new StepLawFit(law(estimate), optima, options, points.length, intervals, runs);
    }

    private double[][] regressionPoints(List<List<HparamRun>> groups, List<GroupOptimum> optima) {
        List<double[]> points = new ArrayList<>();
        if (options.points() == StepLawOptions.Points.OPTIMA) {
            for (GroupOptimum o : optima) {
                points.add(point(o.params(), o.tokens(), o.lr(), o.batch()));
            }
        } else {
            for (List<HparamRun> g : groups) {
                double best = g.stream().mapToDouble(HparamRun::loss).min().orElseThrow();
                for (HparamRun r : g) {
                    if (Math.abs(r.loss() / best - 1) < options.tolerance()) {
                        points.add(point(r.params(), r.tokens(), r.lr(), r.batch()));
                    }
                }
            }
        }
        return points.toArray(double[][]::new);
    }

    private static double[] point(double n, double d, double lr, double batch) {
        return new double[] {Math.log(n), Math.log(d), Math.log(lr), Math.log(batch)};
    }

    /** Refuses designs whose exponents are not identified, with what the grid lacks. */
    private static void checkDesign(double[][] points, int groups) {
        if (groups < 3) {
            throw new IllegalArgumentException("the Step Law needs at least 3 (N, D) groups (lr has 3 constants), got "
                    + groups);
        }
        if (!(Math.abs(correlation(points)) < 1 - 1e-9)) {
            throw new IllegalArgumentException("N and D vary together across the groups (or one of them is constant), "
                    + "so lr's N and D exponents cannot be told apart; add groups with another tokens-per-parameter "
                    + "ratio");
        }
    }

    private static double correlation(double[][] p) {
        double mx = 0;
        double my = 0;
        for (double[] r : p) {
            mx += r[0] / p.length;
            my += r[1] / p.length;
        }
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (double[] r : p) {
            sxy += (r[0] - mx) * (r[1] - my);
            sxx += (r[0] - mx) * (r[0] - mx);
            syy += (r[1] - my) * (r[1] - my);
        }
        return sxx == 0 || syy == 0 ? 1 : sxy / Math.sqrt(sxx * syy);
    }

    private static double[] regressOrNaN(double[][] points, int[] indices) {
        try {
            double[][] sample = new double[indices.length][];
            for (int i = 0; i < indices.length; i++) {
                sample[i] = points[indices[i]];
            }
            if (!(Math.abs(correlation(sample)) < 1 - 1e-9)) {
                return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
            }
            return regress(sample);
        } catch (IllegalArgumentException e) { // a resample with too few distinct points
            return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        }
    }

    /** {c, alpha, beta, d, gamma} by least squares in log space. */
    private static double[] regress(double[][] points) {
        double[][] lrDesign = new double[points.length][];
        double[][] batchDesign = new double[points.length][];
        double[] lnLr = new double[points.length];
        double[] lnB = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            lrDesign[i] = new double[] {1, points[i][0], points[i][1]};
            batchDesign[i] = new double[] {1, points[i][1]};
            lnLr[i] = points[i][2];
            lnB[i] = points[i][3];
        }
        double[] a = LeastSquares.solve(lrDesign, lnLr);
        double[] b = LeastSquares.solve(batchDesign, lnB);
        return new double[] {Math.exp(a[0]), a[1], a[2], Math.exp(b[0]), b[1]};
    }

    private static StepLaw law(double[] e) {
        return new StepLaw(e[0], e[1], e[2], e[3], e[4]);
    }
}
