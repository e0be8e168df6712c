package org.lmlab.scaling.vocab;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.lmlab.progress.Cancellation;
import org.lmlab.progress.Progress;
import org.lmlab.scaling.Lbfgs;
import org.lmlab.stats.Interval;
import org.lmlab.stats.Resampler;
import org.lmlab.stats.QuantileMethod;

/**
 * Percentile intervals of the vocabulary law's parameters: resample the runs with replacement
 * ({@link Resampler}, so replicate r depends only on (seed, r)), refit the count-weighted objective
 * from the full-data optimum, read quantiles off ({@link QuantileMethod#LINEAR}).
 */
public final class VocabBootstrap {

    private final VocabFitter fitter;

    public VocabBootstrap(VocabFitter fitter) {
        this.fitter = fitter;
    }

    /**
     * @param replicates resamples (≥ 2)
     * @param level      interval level in (0, 1), e.g. 0.95
     * @return one interval per natural parameter (A1, A2, B, E, alpha1, alpha2, beta)
     */
    public List<Interval> run(VocabData data, VocabFit full, int replicates, long seed, double level, Progress progress) {
        if (replicates < 2) {
            throw new IllegalArgumentException("need at least 2 bootstrap replicates, got " + replicates);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), got " + level);
        }
        fitter.requireEnoughRuns(data.size());
        int n = data.size();
        double[] fullTheta = full.theta();
        VocabLaw law = fitter.law();
        double[][] values = new double[replicates][];
        progress.start(replicates, "bootstrap of the vocabulary law fit (" + replicates + " resamples of " + n + " runs)");
        try {
            IntStream.range(0, replicates).parallel().forEach(r -> {
                Cancellation.check();
                double[] counts = Resampler.counts(Resampler.indices(seed, r, n), n);
                Lbfgs.Result best = fitter.refit(data, counts, List.of(fullTheta));
                values[r] = law.params(best.x()).asMap().values().stream().mapToDouble(Double::doubleValue).toArray();
                progress.step(1);
            });
        } finally {
            progress.done();
        }
        List<Interval> out = new ArrayList<>();
        int k = 0;
        for (Map.Entry<String, Double> e : full.params().asMap().entrySet()) {
            double[] column = new double[replicates];
            for (int r = 0; r < replicates; r++) {
                column[r] = values[r][k];
            }
            out.add(new Interval(e.getKey(), e.getValue(), QuantileMethod.LINEAR.ofFinite(column, (1 - level) / 2),
                    QuantileMethod.LINEAR.ofFinite(column, (1 + level) / 2), level));
            k++;
        }
        return out;
    }
}
