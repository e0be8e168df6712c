package org.lmlab.scaling.densing;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.lmlab.scaling.WeightedLine;
import org.lmlab.stats.Interval;
import org.lmlab.stats.QuantileMethod;

/**
 * The densing law's trend, {@code ln ρ_max = A·t + B} (Xiao et al. 2024), fitted by ordinary least
 * squares with t in days since {@code origin}; density doubles every {@code ln 2 / A} days.
 *
 * @param slope     A, per day
 * @param intercept B, ln ρ at the origin
 * @param origin    the date t = 0 (the earliest release fitted)
 * @param fitted    the models on the line
 * @param r2        coefficient of determination of the line
 */
public record DensityTrend(double slope, double intercept, LocalDate origin, List<ModelDensity> fitted, double r2) {

    /** Days per month used for the doubling time in months (365.25 / 12). */
    public static final double DAYS_PER_MONTH = 365.25 / 12;

    /** Which models the line is fitted to. */
    public enum Selection {
        /** every model */
        ALL,
        /** the running maximum: models denser than every model released before them (ρ_max) */
        FRONTIER
    }

    public DensityTrend {
        fitted = List.copyOf(fitted);
    }

    /**
     * Fits the line to {@code models} (selected by {@code selection}).
     *
     * @throws IllegalArgumentException with fewer than 3 models selected or all on one date
     */
    public static DensityTrend fit(List<ModelDensity> models, Selection selection) {
        List<ModelDensity> chosen = selection == Selection.FRONTIER ? frontier(models) : List.copyOf(models);
        if (chosen.size() < 3) {
            throw new IllegalArgumentException("need at least 3 models to fit the density trend (slope and intercept "
                    + "with a residual left), got " + chosen.size() + (selection == Selection.FRONTIER
                    ? " on the frontier of " + models.size() + "; try all models" : ""));
        }
        LocalDate origin = chosen.stream().map(ModelDensity::released).min(Comparator.naturalOrder()).orElseThrow();
        double[] t = chosen.stream().mapToDouble(m -> ChronoUnit.DAYS.between(origin, m.released())).toArray();
        double[] y = chosen.stream().mapToDouble(m -> Math.log(m.density())).toArray();
        WeightedLine line = WeightedLine.fit(t, y, null);
        if (Double.isNaN(line.slope())) {
            throw new IllegalArgumentException("all " + chosen.size() + " models share one release date; a trend needs "
                    + "at least two dates");
        }
        return new DensityTrend(line.slope(), line.intercept(), origin, chosen, line.r2());
    }

    /** Models denser than every model released strictly before them, in release order. */
    public static List<ModelDensity> frontier(List<ModelDensity> models) {
        List<ModelDensity> sorted = new ArrayList<>(models);
        sorted.sort(Comparator.comparing(ModelDensity::released));
        List<ModelDensity> out = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        int i = 0;
        while (i < sorted.size()) {
            LocalDate day = sorted.get(i).released();
            double bestBefore = best;
            for (; i < sorted.size() && sorted.get(i).released().equals(day); i++) {
                ModelDensity m = sorted.get(i);
                if (m.density() > bestBefore) {
                    out.add(m);
                }
                best = Math.max(best, m.density());
            }
        }
        return out;
    }

    /** Days for the density to double, {@code ln 2 / A}. */
    public double doublingDays() {
        return Math.log(2) / slope;
    }

    /** {@link #doublingDays()} in months of 365.25/12 days. */
    public double doublingMonths() {
        return doublingDays() / DAYS_PER_MONTH;
    }

    /** The line's density on {@code date}. */
    public double density(LocalDate date) {
        return Math.exp(intercept + slope * ChronoUnit.DAYS.between(origin, date));
    }

    /**
     * Percentile bootstrap of the slope and the doubling time in months: the fitted models resampled
     * with replacement ({@link WeightedLine#bootstrap}) and the line refitted; resamples with a
     * single date are skipped.
     *
     * @return intervals for {@code A} (per day) and {@code doubling_months}
     */
    public List<Interval> bootstrap(int replicates, long seed, double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), got " + level);
        }
        double[] t = fitted.stream().mapToDouble(m -> ChronoUnit.DAYS.between(origin, m.released())).toArray();
        double[] y = fitted.stream().mapToDouble(m -> Math.log(m.density())).toArray();
        double[] s = Arrays.stream(WeightedLine.bootstrap(t, y, replicates, seed))
                .mapToDouble(WeightedLine::slope).toArray();
        double lo = (1 - level) / 2;
        double hi = (1 + level) / 2;
        double sLo = QuantileMethod.LINEAR.ofFinite(s, lo);
        double sHi = QuantileMethod.LINEAR.ofFinite(s, hi);
        double[] months = Arrays.stream(s).map(a -> Math.log(2) / a / DAYS_PER_MONTH).toArray();
        return List.of(new Interval("A", slope, sLo, sHi, level),
                new Interval("doubling_months", doublingMonths(), QuantileMethod.LINEAR.ofFinite(months, lo),
                        QuantileMethod.LINEAR.ofFinite(months, hi), level));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ln(rho) = %.6g * t + %.6g (t in days since %s, %d models, R^2 = %.4f); "
                + "density doubles every %.1f days (%.2f months)", slope, intercept, origin, fitted.size(), r2,
                doublingDays(), doublingMonths());
    }
}
