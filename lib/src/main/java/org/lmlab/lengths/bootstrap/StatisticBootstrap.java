package org.lmlab.lengths.bootstrap;

import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.lmlab.lengths.Dispersion;
import org.lmlab.lengths.LengthStats;
import org.lmlab.memory.MemoryBudget;
import org.lmlab.progress.Progress;
import org.lmlab.stats.BootstrapEngine;
import org.lmlab.stats.Interval;
import org.lmlab.stats.QuantileMethod;

/**
 * Seeded nonparametric bootstrap of a statistic of a sample (mean, median, a percentile of response lengths) with
 * percentile intervals, on {@link BootstrapEngine}'s sequential scheme: one random stream serves all replicates in order
 * (the parallel, per-replicate-seeded refits of a scaling law are {@link org.lmlab.scaling.bootstrap.Bootstrap}). The
 * resample indices depend only on (n, replicates, seed) and are exposed, so the same resamples can be replayed
 * elsewhere (the tests replay them in numpy). A paired comparison resamples prompts: the same indices pick both
 * models' lengths, so prompt difficulty cancels.
 *
 * <p>The intervals draw the indices as they go, in the order {@link #indices} lists them, so memory grows by
 * {@link #BYTES_PER_REPLICATE} per replicate (the replicate values, kept for numpy's exact percentiles), not by
 * {@code n} indices per replicate; the work is checked against the heap first ({@link MemoryBudget}) and stops
 * between replicates when {@link org.lmlab.progress.Cancellation} asks.
 */
public final class StatisticBootstrap {

    /**
     * Heap per replicate at the peak of an unpaired difference: both models' replicate values, then a sorted copy
     * of their difference for the percentiles (a paired one needs two of the three).
     */
    public static final long BYTES_PER_REPLICATE = 3 * Double.BYTES;

    private final BootstrapEngine engine;

    /**
     * @param replicates number of resamples, at least 2
     * @param seed seed of the {@link java.util.SplittableRandom} that draws the indices
     */
    public StatisticBootstrap(int replicates, long seed) {
        if (replicates < 2) {
            throw new IllegalArgumentException("the bootstrap needs at least 2 replicates, got " + replicates);
        }
        this.engine = BootstrapEngine.sequential(replicates, seed);
    }

    /**
     * {@code replicates × n} indices drawn uniformly with replacement (for replaying the resamples elsewhere; the
     * intervals draw the same indices one replicate at a time).
     */
    public int[][] indices(int n) {
        return engine.indices(n);
    }

    /** Refuses, before any allocation, replicates that would not fit in the heap next to a sample of n. */
    private void requireMemory(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("cannot bootstrap an empty group");
        }
        MemoryBudget.ofRuntime().require("replicates", engine.replicates(), BYTES_PER_REPLICATE, 4L * Double.BYTES * n);
    }

    /** The statistic on each resample of {@code x}. */
    public double[] replicates(double[] x, ToDoubleFunction<double[]> statistic) {
        requireMemory(x.length);
        double[] sample = new double[x.length];
        return overResamples(x.length, idx -> {
            for (int i = 0; i < x.length; i++) {
                sample[i] = x[idx[i]];
            }
            return statistic.applyAsDouble(sample);
        });
    }

    /** {@code value} of each replicate's indices (drawn in {@link #indices}' order); stops between replicates. */
    private double[] overResamples(int n, ToDoubleFunction<int[]> value) {
        double[] out = new double[engine.replicates()];
        engine.forEach(n, Progress.NONE, (r, idx) -> out[r] = value.applyAsDouble(idx));
        return out;
    }

    /** Percentile interval of {@code statistic} on {@code x}. */
    public Interval interval(double[] x, ToDoubleFunction<double[]> statistic, double level) {
        return summarise("estimate", statistic.applyAsDouble(x.clone()), replicates(x, statistic), level);
    }

    /**
     * Percentile interval of {@code statistic(a) − statistic(b)} where {@code a[i]} and {@code b[i]} belong to the
     * same prompt.
     */
    public Interval pairedDifference(double[] a, double[] b, ToDoubleFunction<double[]> statistic, double level) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired samples differ in size: " + a.length + " and " + b.length
                    + "; pair them by prompt first");
        }
        requireMemory(2 * a.length);
        double[] sa = new double[a.length];
        double[] sb = new double[b.length];
        double[] out = overResamples(a.length, idx -> {
            for (int i = 0; i < a.length; i++) {
                sa[i] = a[idx[i]];
                sb[i] = b[idx[i]];
            }
            return statistic.applyAsDouble(sa) - statistic.applyAsDouble(sb);
        });
        return summarise("difference", statistic.applyAsDouble(a.clone()) - statistic.applyAsDouble(b.clone()), out,
                level);
    }

    /**
     * Percentile interval of {@code statistic(a) − statistic(b)} for unpaired samples: a is resampled with this
     * bootstrap's seed and b with seed + 1, independently.
     */
    public Interval difference(double[] a, double[] b, ToDoubleFunction<double[]> statistic, double level) {
        requireMemory(a.length + b.length);
        double[] d = replicates(a, statistic);
        double[] rb = new StatisticBootstrap(engine.replicates(), engine.seed() + 1).replicates(b, statistic);
        for (int r = 0; r < d.length; r++) {
            d[r] -= rb[r];
        }
        rb = null; // collectable before summarise sorts a copy of d
        return summarise("difference", statistic.applyAsDouble(a.clone()) - statistic.applyAsDouble(b.clone()), d,
                level);
    }

    /** Statistics by name: "mean", "median", "sd" (ddof 1) or "pNN" (the NN-th linear percentile, e.g. p90). */
    public static ToDoubleFunction<double[]> statistic(String name) {
        String s = name.strip().toLowerCase(Locale.ROOT);
        switch (s) {
            case "mean":
                return x -> LengthStats.of(x).mean();
            case "median":
                return x -> LengthStats.of(x).median();
            case "sd":
                return x -> LengthStats.of(x).sd(Dispersion.SAMPLE);
            default:
                if (s.matches("p\\d+(\\.\\d+)?")) {
                    double q = Double.parseDouble(s.substring(1));
                    if (q <= 100) {
                        return x -> LengthStats.of(x).percentile(q, QuantileMethod.LINEAR);
                    }
                }
                throw new IllegalArgumentException("unknown statistic '" + name + "'; use mean, median, sd or pNN (0-100)");
        }
    }

    /** The percentile interval with the replicates' sample SD (ddof 1) as standard error. */
    private static Interval summarise(String name, double estimate, double[] reps, double level) {
        return BootstrapEngine.interval(name, estimate, reps, level, LengthStats.of(reps).sd(Dispersion.SAMPLE));
    }
}
