package org.lmlab.scaling.plot;

import java.util.List;
import java.util.Locale;
import org.lmlab.plot.Chart;
import org.lmlab.plot.Plot;
import org.lmlab.plot.XYBuilder;
import org.lmlab.scaling.steplaw.GroupOptimum;
import org.lmlab.scaling.steplaw.HparamRun;
import org.lmlab.scaling.steplaw.QuadraticSurface;
import org.lmlab.scaling.steplaw.StepLawFit;

/** Charts of Step Law fits (org.lmlab.scaling.steplaw). */
public final class HparamPlots {

    static final int CONTOUR_POINTS = 90;

    private HparamPlots() {
    }

    /**
     * The lr × batch landscape of one (N, D) group of {@code fit} on log axes: its runs (those the surface was fitted
     * to apart from the others), iso-loss contours of the fitted quadratic surface at {@code levels}
     * losses above its minimum (spread over the fitting window), the surface optimum and the best run.
     */
    public static Chart landscape(StepLawFit fit, GroupOptimum group, int levels) {
        List<HparamRun> runs = fit.runsOf(group);
        double window = fit.options().window();
        if (levels < 0) {
            throw new IllegalArgumentException("levels must be 0 or more, got " + levels);
        }
        double bestLoss = group.best().loss();
        List<HparamRun> inside = runs.stream().filter(r -> r.loss() <= (1 + window) * bestLoss).toList();
        List<HparamRun> outside = runs.stream().filter(r -> r.loss() > (1 + window) * bestLoss).toList();
        XYBuilder chart = Plot.scatter().title(String.format(Locale.ROOT, "N = %.3g, D = %.3g", group.params(),
                group.tokens()))
                .x("learning rate").y("batch size (tokens)").logLog();
        add(chart, "runs within " + pct(window) + " of best", inside);
        add(chart, "other runs", outside);
        QuadraticSurface s = group.surface();
        if (s != null && s.convex()) {
            for (int k = 1; k <= levels; k++) {
                double level = s.loss(group.lr(), group.batch()) + window * bestLoss * k / (levels + 1);
                double[][] c = contour(s, level);
                chart.series(String.format(Locale.ROOT, "surface L = %.4f", level), c[0], c[1]);
            }
        }
        chart.series(String.format(Locale.ROOT, "optimum (%s) lr %.3g, B %.3g",
                group.method() == GroupOptimum.Method.SURFACE ? "surface" : "best run", group.lr(), group.batch()),
                new double[] {group.lr()}, new double[] {group.batch()});
        chart.series("best run", new double[] {group.best().lr()}, new double[] {group.best().batch()});
        return chart.build();
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.3g %%", 100 * v);
    }

    private static void add(XYBuilder chart, String name, List<HparamRun> runs) {
        if (!runs.isEmpty()) {
            chart.series(name, runs.stream().mapToDouble(HparamRun::lr).toArray(),
                    runs.stream().mapToDouble(HparamRun::batch).toArray());
        }
    }

    /**
     * Points of the ellipse {@code L(u, v) = level}: around the minimum, ½ δᵀHδ = level − L*, traced
     * along the Hessian's eigenvectors.
     */
    static double[][] contour(QuadraticSurface s, double level) {
        double[] q = s.q();
        double[] opt = s.stationaryPoint();
        double rise = level - s.loss(opt[0], opt[1]);
        double h11 = 2 * q[3];
        double h12 = q[4];
        double h22 = 2 * q[5];
        double mean = (h11 + h22) / 2;
        double radius = Math.hypot((h11 - h22) / 2, h12);
        double l1 = mean + radius;
        double l2 = mean - radius;
        double angle = 0.5 * Math.atan2(2 * h12, h11 - h22); // first eigenvector's direction
        double[] lr = new double[CONTOUR_POINTS + 1];
        double[] batch = new double[CONTOUR_POINTS + 1];
        for (int i = 0; i <= CONTOUR_POINTS; i++) {
            double t = 2 * Math.PI * i / CONTOUR_POINTS;
            double a = Math.sqrt(2 * rise / l1) * Math.cos(t);
            double b = Math.sqrt(2 * rise / l2) * Math.sin(t);
            lr[i] = opt[0] * Math.exp(a * Math.cos(angle) - b * Math.sin(angle));
            batch[i] = opt[1] * Math.exp(a * Math.sin(angle) + b * Math.cos(angle));
        }
        return new double[][] {lr, batch};
    }
}
