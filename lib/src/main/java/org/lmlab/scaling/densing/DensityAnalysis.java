package org.lmlab.scaling.densing;

import java.util.List;
import java.util.Locale;
import org.lmlab.progress.Progress;
import org.lmlab.stats.Interval;
import org.lmlab.table.Table;

/**
 * A whole densing-law analysis: densities of a table of models, the trend of ln ρ against release
 * date and bootstrap intervals of its slope and doubling time.
 *
 * @param models    every model's density
 * @param curve     the score curve used (null when the measure was a loss)
 * @param trend     the fitted line
 * @param intervals percentile intervals of A and the doubling time in months
 */
public record DensityAnalysis(List<ModelDensity> models, ScoreCurve curve, DensityTrend trend, List<Interval> intervals) {

    public DensityAnalysis {
        models = List.copyOf(models);
        intervals = List.copyOf(intervals);
    }

    /**
     * Runs the analysis.
     *
     * @param curve      null to read the measure column as a loss
     * @param replicates bootstrap resamples of the fitted models (95 % intervals)
     */
    public static DensityAnalysis run(Table table, Densing.Columns columns, ReferenceLaw reference, ScoreCurve curve,
                                      DensityTrend.Selection selection, int replicates, long seed, Progress progress) {
        progress.start(3, "densing law (" + table.rowCount() + " models)");
        try {
            List<ModelDensity> models = Densing.densities(table, columns, reference, curve);
            progress.step(1);
            DensityTrend trend = DensityTrend.fit(models, selection);
            progress.step(1);
            List<Interval> intervals = trend.bootstrap(replicates, seed, 0.95);
            progress.step(1);
            return new DensityAnalysis(models, curve, trend, intervals);
        } finally {
            progress.done();
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "capacity density of %d models", models.size()));
        if (curve != null) {
            s.append(System.lineSeparator()).append("  score curve: ").append(curve);
        }
        s.append(System.lineSeparator()).append("  ").append(trend);
        intervals.forEach(i -> s.append(System.lineSeparator()).append("  ").append(i));
        return s.toString();
    }
}
