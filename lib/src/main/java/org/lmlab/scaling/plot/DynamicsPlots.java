package org.lmlab.scaling.plot;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.lmlab.plot.Chart;
import org.lmlab.plot.Plot;
import org.lmlab.plot.XYBuilder;
import org.lmlab.scaling.densing.DensityTrend;
import org.lmlab.scaling.densing.ModelDensity;
import org.lmlab.scaling.steps.LearningCurve;
import org.lmlab.scaling.steps.StepsAnalysis;

/** Plots of the densing law and of loss against steps per batch size. */
public final class DynamicsPlots {

    private static final int LINE_POINTS = 60;

    private DynamicsPlots() {
    }

    /** Release date as a decimal year (2024.5 = early July 2024). */
    static double year(LocalDate d) {
        return d.getYear() + (d.getDayOfYear() - 1) / (double) d.lengthOfYear();
    }

    /** Density against release date, log y: all models, the frontier, and the fitted line. */
    public static Chart density(List<ModelDensity> models, DensityTrend trend) {
        List<ModelDensity> frontier = DensityTrend.frontier(models);
        LocalDate first = models.stream().map(ModelDensity::released).min(LocalDate::compareTo).orElseThrow();
        LocalDate last = models.stream().map(ModelDensity::released).max(LocalDate::compareTo).orElseThrow();
        long span = ChronoUnit.DAYS.between(first, last);
        LocalDate[] line = IntStream.range(0, LINE_POINTS).mapToObj(i -> first.plusDays(Math.round(span * i / (LINE_POINTS - 1.0))))
                .toArray(LocalDate[]::new);
        return Plot.scatter().title("Capacity density against release date").x("release date (year)")
                .y("density (effective / actual parameters)").logY()
                .series("models", models.stream().mapToDouble(m -> year(m.released())).toArray(),
                        models.stream().mapToDouble(ModelDensity::density).toArray())
                .series("frontier (max so far)", frontier.stream().mapToDouble(m -> year(m.released())).toArray(),
                        frontier.stream().mapToDouble(ModelDensity::density).toArray())
                .series(String.format(Locale.ROOT, "fit: doubles every %.2f months", trend.doublingMonths()),
                        Arrays.stream(line).mapToDouble(DynamicsPlots::year).toArray(),
                        Arrays.stream(line).mapToDouble(trend::density).toArray())
                .build();
    }

    /**
     * Loss against steps, one series per (N, B) run, log-log, with the fitted law's prediction for each
     * run (see {@link #predicted}).
     */
    public static Chart steps(StepsAnalysis analysis) {
        XYBuilder chart = Plot.line().title("Loss against steps per batch size").x("steps S").y("loss").logLog();
        for (LearningCurve c : analysis.curves()) {
            String run = String.format(Locale.ROOT, "N=%.3g B=%.3g", c.params(), c.batch());
            chart.series(run, c.steps(), c.loss());
            double[] fitted = Arrays.stream(c.steps()).map(s -> predicted(analysis, c, s)).toArray();
            chart.series(run + " fit", c.steps(), fitted);
        }
        return chart.build();
    }

    /**
     * The fitted loss of run {@code c} at {@code steps}: the root of {@code L(N, S/(1 + B_crit(L)/B)) − L},
     * which falls strictly in L (B_crit falls with L), by bisection in log L over [1e-6, 1e6].
     */
    public static double predicted(StepsAnalysis a, LearningCurve c, double steps) {
        double lo = Math.log(1e-6);
        double hi = Math.log(1e6);
        for (int k = 0; k < 200 && hi - lo > 1e-14; k++) {
            double mid = 0.5 * (lo + hi);
            double l = Math.exp(mid);
            if (a.law().predict(c.params(), a.batch().sMin(steps, c.batch(), l)) > l) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return Math.exp(0.5 * (lo + hi));
    }
}
