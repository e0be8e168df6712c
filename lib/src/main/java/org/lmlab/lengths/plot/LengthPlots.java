package org.lmlab.lengths.plot;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleBiFunction;
import org.lmlab.lengths.fit.Family;
import org.lmlab.lengths.fit.FittedDistribution;
import org.lmlab.lengths.fit.LengthFits;
import org.lmlab.plot.Chart;
import org.lmlab.plot.DistributionBuilder;
import org.lmlab.plot.Plot;
import org.lmlab.plot.XYBuilder;

/**
 * Charts of response lengths: histogram and ECDF per group with fitted distributions overlaid, box and violin
 * plots by group, mean against SD per prompt, and win rate against average length.
 */
public final class LengthPlots {

    private static final int CURVE_POINTS = 200;

    private LengthPlots() {
    }

    /**
     * Density histograms (drawn as step outlines, {@code bins} equal-width bins) with each family's fitted
     * density on top; a negative binomial is drawn as its probability mass at the integers.
     */
    public static Chart histogramWithFits(Map<String, double[]> groups, List<Family> families, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1, got " + bins);
        }
        XYBuilder chart = Plot.line().title("Response lengths and fitted densities").x("length").y("density");
        forEachGroup(groups, (name, x, lo, hi) -> {
            double width = (hi - lo) / bins;
            double[] counts = new double[bins];
            for (double v : x) {
                counts[Math.min((int) ((v - lo) / Math.max(width, Double.MIN_VALUE)), bins - 1)]++;
            }
            double[] sx = new double[2 * bins];
            double[] sy = new double[2 * bins];
            for (int b = 0; b < bins; b++) {
                sx[2 * b] = lo + b * width;
                sx[2 * b + 1] = lo + (b + 1) * width;
                sy[2 * b] = sy[2 * b + 1] = counts[b] / (x.length * Math.max(width, Double.MIN_VALUE));
            }
            chart.series(name, sx, sy);
            // a negative binomial is drawn as its probability mass at the nearest integer
            curves(chart, name, x, families, lo, hi, (fit, t) -> Math.exp(fit.logPdf(
                    fit.family().isDiscrete() ? Math.rint(t) : t)));
        });
        return chart.build();
    }

    /** Empirical CDFs with each family's fitted CDF on top. */
    public static Chart ecdfWithFits(Map<String, double[]> groups, List<Family> families) {
        XYBuilder chart = Plot.line().title("Empirical and fitted CDFs").x("length").y("P(length ≤ x)");
        forEachGroup(groups, (name, x, lo, hi) -> {
            double[] sorted = x.clone();
            Arrays.sort(sorted);
            double[] sx = new double[2 * sorted.length];
            double[] sy = new double[2 * sorted.length];
            for (int i = 0; i < sorted.length; i++) {
                sx[2 * i] = sx[2 * i + 1] = sorted[i];
                sy[2 * i] = (double) i / sorted.length;
                sy[2 * i + 1] = (i + 1.0) / sorted.length;
            }
            chart.series(name, sx, sy);
            curves(chart, name, x, families, lo, hi, FittedDistribution::cdf);
        });
        return chart.build();
    }

    /** Box plots, one per group. */
    public static Chart box(Map<String, double[]> groups) {
        return distribution(Plot.box(), groups, "Response lengths");
    }

    /** Violin plots, one per group. */
    public static Chart violin(Map<String, double[]> groups) {
        return distribution(Plot.violin(), groups, "Response lengths");
    }

    /**
     * Per-prompt mean against SD (population), one series per model: where prompts of a model lie on
     * the variability plane.
     *
     * @param samplesByModel for each model, the length samples of each of its prompts
     */
    public static Chart meanVsSd(Map<String, List<double[]>> samplesByModel) {
        XYBuilder chart = Plot.scatter().title("Mean vs SD of response length per prompt").x("mean length").y("SD");
        samplesByModel.forEach((model, prompts) -> {
            double[] mean = new double[prompts.size()];
            double[] sd = new double[prompts.size()];
            for (int i = 0; i < mean.length; i++) {
                double[] s = prompts.get(i);
                for (double v : s) {
                    mean[i] += v / s.length;
                }
                for (double v : s) {
                    sd[i] += (v - mean[i]) * (v - mean[i]) / s.length;
                }
                sd[i] = Math.sqrt(sd[i]);
            }
            chart.series(model, mean, sd);
        });
        return chart.build();
    }

    /** Raw (and, when given, length-controlled) win rate against average output length, one point per model. */
    public static Chart winRateVsLength(double[] averageLength, double[] winRate, double[] lcWinRate) {
        XYBuilder chart = Plot.scatter().title("Win rate vs average length").x("average length").y("win rate (%)")
                .series("win rate", averageLength, winRate);
        if (lcWinRate != null) {
            chart.series("length-controlled", averageLength, lcWinRate);
        }
        return chart.build();
    }

    private static Chart distribution(DistributionBuilder builder, Map<String, double[]> groups, String title) {
        groups.forEach(builder::group);
        return builder.title(title).y("length").build();
    }

    private interface GroupAction {
        void accept(String name, double[] x, double lo, double hi);
    }

    private static void forEachGroup(Map<String, double[]> groups, GroupAction action) {
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("no groups to plot");
        }
        groups.forEach((name, x) -> {
            if (x.length == 0) {
                throw new IllegalArgumentException("group '" + name + "' is empty");
            }
            double lo = Arrays.stream(x).min().getAsDouble();
            double hi = Arrays.stream(x).max().getAsDouble();
            action.accept(name, x, lo, hi > lo ? hi : lo + 1);
        });
    }

    /** One curve per family fitted to x, {@code value(fit, t)} on a grid over [lo, hi]. */
    private static void curves(XYBuilder chart, String name, double[] x, List<Family> families, double lo, double hi,
            ToDoubleBiFunction<FittedDistribution, Double> value) {
        for (Family f : families) {
            FittedDistribution fit = LengthFits.fit(f, x);
            double[] gx = grid(lo, hi);
            double[] gy = new double[gx.length];
            for (int i = 0; i < gx.length; i++) {
                gy[i] = value.applyAsDouble(fit, gx[i]);
            }
            chart.series(name + " " + f.name().toLowerCase(Locale.ROOT), gx, gy);
        }
    }

    private static double[] grid(double lo, double hi) {
        double[] g = new double[CURVE_POINTS];
        for (int i = 0; i < g.length; i++) {
            g[i] = lo + (hi - lo) * i / (g.length - 1);
        }
        return g;
    }
}
