package org.lmlab.scaling.bootstrap;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.lmlab.memory.MemoryBudget;
import org.lmlab.progress.Cancellation;
import org.lmlab.progress.Progress;
import org.lmlab.scaling.DifferentiableFunction;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.LawFitter;
import org.lmlab.scaling.Lbfgs;
import org.lmlab.scaling.MultiStart;
import org.lmlab.scaling.ScalingData;
import org.lmlab.scaling.ScalingLaw;
import org.lmlab.stats.BootstrapEngine;
import org.lmlab.stats.Interval;
import org.lmlab.stats.Resampler;

/**
 * Nonparametric bootstrap of a law fit: resample the runs with replacement, refit, and read
 * percentile intervals off the replicates (as Besiroglu et al. 2024 do, 4,000 resamples).
 *
 * <p>A resample is fitted as the weighted objective {@code Σ c_i Huber(r_i)} with {@code c_i} the
 * number of times run i was drawn, which equals the objective of the resampled list. Each refit
 * starts from the full-data optimum plus the law's small {@link ScalingLaw#refitStarts() refit
 * grid} (for Chinchilla 4 points) instead of the full grid: a resample's optimum lies near the
 * full-data one, and the extra starts guard against a different basin. Tests check that this
 * reaches the same optimum as the full 4,500-start grid on sampled resamples.
 *
 * <p>Replicates run on {@link BootstrapEngine}'s per-replicate scheme with {@code threads} workers; each
 * replicate's resample depends only on (seed, replicate) and its refit is sequential, so results are identical for
 * any thread count. The engine stops between replicates on request and returns only after its workers have ended;
 * the replicates are checked against the heap before any is run ({@link #bytesPerReplicate}).
 */
public final class Bootstrap {

    /** One refitted resample: parameters, objective, and which start won (0 = the full-data optimum). */
    public record Replicate(double[] theta, double objective, int bestStart) {
    }

    private final LawFitter fitter;

    /**
     * Heap kept per replicate for a law with {@code quantities} bootstrapped quantities: the refit (record,
     * parameters), its row of values, and one column copy while the intervals are read off.
     */
    public static long bytesPerReplicate(int quantities) {
        return 160 + 3L * Double.BYTES * quantities;
    }

    public Bootstrap(LawFitter fitter) {
        this.fitter = fitter;
    }

    /** Refuses, before any refit, a bootstrap whose replicates would not fit in the heap. */
    public void requireHeap(double[] fullTheta, BootstrapOptions options) {
        MemoryBudget.ofRuntime().require("replicates", options.replicates(),
                bytesPerReplicate(quantities(fitter.law(), fullTheta, options.flops()).size()), 0);
    }

    /** Refits the resample given by {@code indices} (rows of {@code data}, with repeats). */
    public Replicate refit(ScalingData data, double[] fullTheta, int[] indices) {
        ScalingLaw law = fitter.law();
        // Only the drawn runs, weighted by their counts: about 37 % of runs are not drawn.
        double[] counts = Resampler.counts(indices, data.size());
        int[] drawn = IntStream.range(0, counts.length).filter(i -> counts[i] > 0).toArray();
        double[] weights = Arrays.stream(drawn).mapToDouble(i -> counts[i]).toArray();
        DifferentiableFunction objective = law.objective(data.subset(drawn), weights, fitter.delta());
        List<double[]> refitStarts = law.refitStarts();
        MultiStart.Outcome outcome = fitter.multiStart().minimize(objective, 1 + refitStarts.size(),
                i -> i == 0 ? fullTheta.clone() : refitStarts.get(i - 1).clone(), false, Progress.NONE, law.bounds());
        Lbfgs.Result best = outcome.best();
        return new Replicate(best.x(), best.value(), outcome.bestStart());
    }

    /**
     * Runs the bootstrap, one progress step per replicate.
     *
     * @param full the fit of {@code data} (the point estimates and the warm start)
     */
    public BootstrapResult run(ScalingData data, LawFit full, BootstrapOptions options, Progress progress) {
        ScalingLaw law = fitter.law();
        LawFitter.requireEnoughRuns(law, data.size());
        long t0 = System.nanoTime();
        double[] fullTheta = full.theta();
        int n = data.size();
        requireHeap(fullTheta, options);
        Replicate[] replicates = new Replicate[options.replicates()];
        BootstrapEngine.perReplicate(options.replicates(), options.seed(), options.threads()).run(n,
                "Bootstrap of the " + law.name() + " fit (" + options.replicates() + " resamples of " + n + " runs)",
                progress, (r, indices) -> replicates[r] = refit(data, fullTheta, indices));
        return assemble(full, options, replicates, Duration.ofNanos(System.nanoTime() - t0));
    }

    /**
     * Refits replicates {@code from} (inclusive) to {@code to} (exclusive) of a bootstrap with master seed
     * {@code seed}, one after another on the calling thread, {@link Cancellation#check()} before each. Replicate r is
     * what {@link #run} computes for it (its resample depends only on (seed, r, data size)), so a bootstrap may be
     * split into ranges computed elsewhere (a Spark task, another machine) and {@link #assemble assembled}.
     */
    public Replicate[] refits(ScalingData data, double[] fullTheta, long seed, int from, int to) {
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("replicate range must satisfy 0 <= from <= to, got [" + from + ", " + to + ")");
        }
        Replicate[] out = new Replicate[to - from];
        BootstrapEngine.perReplicate(to, seed, 1).forRange(from, to, data.size(),
                (r, indices) -> out[r - from] = refit(data, fullTheta, indices));
        return out;
    }

    /**
     * The result of a bootstrap from its refits in replicate order ({@code replicates.length} must equal
     * {@code options.replicates()}): the replicate values of every quantity and their percentile intervals.
     */
    public BootstrapResult assemble(LawFit full, BootstrapOptions options, Replicate[] replicates, Duration elapsed) {
        return assemble(full, options, replicates, elapsed, options.threads() + " threads");
    }

    /** As {@link #assemble(LawFit, BootstrapOptions, Replicate[], Duration)}, for refits that ran on {@code ranOn}. */
    public BootstrapResult assemble(LawFit full, BootstrapOptions options, Replicate[] replicates, Duration elapsed,
            String ranOn) {
        if (replicates.length != options.replicates()) {
            throw new IllegalArgumentException("expected " + options.replicates() + " replicates, got " + replicates.length);
        }
        ScalingLaw law = fitter.law();
        Map<String, Double> estimates = quantities(law, full.theta(), options.flops());
        List<String> names = List.copyOf(estimates.keySet());
        double[][] values = new double[replicates.length][];
        for (int r = 0; r < replicates.length; r++) {
            Map<String, Double> q = quantities(law, replicates[r].theta(), options.flops());
            values[r] = names.stream().mapToDouble(k -> q.getOrDefault(k, Double.NaN)).toArray();
        }
        double[] estimate = names.stream().mapToDouble(estimates::get).toArray();
        List<Interval> intervals = BootstrapEngine.intervals(names, estimate, values, options.level());
        return new BootstrapResult(full, options, names, values, List.of(replicates), intervals, elapsed, ranOn);
    }

    /** Natural parameters followed by derived quantities at {@code flops}. */
    static Map<String, Double> quantities(ScalingLaw law, double[] theta, double flops) {
        Map<String, Double> m = new LinkedHashMap<>(law.naturalParameters(theta));
        m.putAll(law.derived(theta, flops));
        return m;
    }
}
