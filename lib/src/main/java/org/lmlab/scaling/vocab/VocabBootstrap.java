package org.lmlab.scaling.vocab;

import java.util.List;
import java.util.Map;
import org.lmlab.progress.Progress;
import org.lmlab.scaling.Lbfgs;
import org.lmlab.stats.BootstrapEngine;
import org.lmlab.stats.Interval;
import org.lmlab.stats.Resampler;

/**
 * Percentile intervals of the vocabulary law's parameters: resample the runs with replacement
 * ({@link BootstrapEngine}'s per-replicate scheme, so replicate r depends only on (seed, r)), refit the
 * count-weighted objective from the full-data optimum, read the engine's percentile intervals off.
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
        BootstrapEngine.perReplicate(replicates, seed, Runtime.getRuntime().availableProcessors()).run(n,
                "bootstrap of the vocabulary law fit (" + replicates + " resamples of " + n + " runs)", progress,
                (r, indices) -> {
                    Lbfgs.Result best = fitter.refit(data, Resampler.counts(indices, n), List.of(fullTheta));
                    values[r] = law.params(best.x()).asMap().values().stream().mapToDouble(Double::doubleValue).toArray();
                });
        Map<String, Double> estimates = full.params().asMap();
        return BootstrapEngine.intervals(List.copyOf(estimates.keySet()),
                estimates.values().stream().mapToDouble(Double::doubleValue).toArray(), values, level);
    }
}
