package org.lmlab.scaling.steps;

import java.util.List;
import java.util.Locale;
import org.lmlab.progress.Progress;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.LawFitter;
import org.lmlab.stats.Interval;
import org.lmlab.table.Table;

/**
 * Kaplan et al. 2020's section 5 on a table of learning curves at several batch sizes: critical
 * batch size B_crit(L) = B* / L^(1/α_B), then L(N, S_min), each with 95 % bootstrap intervals.
 *
 * @param curves        the learning curves
 * @param batch         the critical-batch fit
 * @param batchIntervals intervals of B* and α_B
 * @param law           the L(N, S_min) fit
 * @param lawIntervals  intervals of α_N, N_c, α_S, S_c (two-stage bootstrap)
 */
public record StepsAnalysis(List<LearningCurve> curves, CriticalBatch.Fit batch, List<Interval> batchIntervals,
                            LawFit law, List<Interval> lawIntervals) {

    public StepsAnalysis {
        curves = List.copyOf(curves);
        batchIntervals = List.copyOf(batchIntervals);
        lawIntervals = List.copyOf(lawIntervals);
    }

    /**
     * Runs the analysis.
     *
     * @param levelsPerModel loss levels per model size for the critical batch
     * @param replicates     bootstrap resamples (0: no intervals)
     */
    public static StepsAnalysis run(Table table, LearningCurve.Columns columns, int levelsPerModel, int replicates,
                                    long seed, Progress progress) {
        if (levelsPerModel < 1 || replicates < 0) {
            throw new IllegalArgumentException("levels per model must be >= 1 and replicates >= 0, got " + levelsPerModel
                    + " and " + replicates);
        }
        List<LearningCurve> curves = LearningCurve.fromTable(table, columns);
        CriticalBatch.Fit batch = CriticalBatch.fit(curves, levelsPerModel, progress);
        LawFit law = new LawFitter(StepsLaw.law()).fit(StepsLaw.data(curves, batch), progress);
        if (replicates == 0) {
            return new StepsAnalysis(curves, batch, List.of(), law, List.of());
        }
        return new StepsAnalysis(curves, batch, batch.bootstrap(replicates, seed, 0.95), law,
                StepsLaw.bootstrap(curves, batch, law, replicates, seed, 0.95, progress));
    }

    @Override
    public String toString() {
        String nl = System.lineSeparator();
        StringBuilder s = new StringBuilder("Kaplan et al. 2020 section 5 on " + curves.size() + " learning curves").append(nl)
                .append("  ").append(batch);
        batchIntervals.forEach(i -> s.append(nl).append("  ").append(i));
        s.append(nl).append("  L(N, S_min) = (N_c/N)^alpha_N + (S_c/S_min)^alpha_S: ");
        StepsLaw.constants(law).forEach((k, v) -> s.append(String.format(Locale.ROOT, "%s=%.4g ", k, v)));
        lawIntervals.forEach(i -> s.append(nl).append("  ").append(i));
        return s.toString();
    }
}
