package org.lmlab.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.lmlab.memory.MemoryBudget;
import org.lmlab.progress.Cancellation;
import org.lmlab.progress.Progress;

/**
 * The replicate loop of every nonparametric bootstrap in the library: it draws each replicate's resample indices
 * (through {@link Resampler}), hands them to the caller's work, reports one {@link Progress} step per replicate,
 * stops between replicates when {@link Cancellation} asks, and reads percentile intervals off the replicate values.
 *
 * <p>Two random schemes, kept apart because their numbers must not change:
 * <ul>
 *   <li>{@link Scheme#SEQUENTIAL}: one {@link SplittableRandom} seeded with {@code seed} draws every replicate's
 *   {@code n} indices in replicate order, on the calling thread. Cheap statistics of a sample (a mean, a
 *   percentile) use it; replicate r's indices depend on (n, seed, r) and are those {@link #indices} lists.</li>
 *   <li>{@link Scheme#PER_REPLICATE}: replicate r draws from its own generator seeded with
 *   {@link Resampler#replicateSeed(long, int) replicateSeed(seed, r)}, so its indices depend on nothing else and
 *   replicates can run on {@code threads} workers with results identical for any thread count. Refits of scaling
 *   laws use it.</li>
 * </ul>
 *
 * @param scheme     how replicate indices are drawn
 * @param replicates resamples (&ge; 0; with none, every interval's bounds are NaN)
 * @param seed       the stream's seed, or the master seed of the per-replicate seeds
 * @param threads    workers of the per-replicate scheme (&ge; 1; the sequential scheme runs on the calling thread)
 */
public record BootstrapEngine(Scheme scheme, int replicates, long seed, int threads) {

    /** How replicate indices are drawn. */
    public enum Scheme {
        /** One random stream for all replicates, in order, on the calling thread. */
        SEQUENTIAL,
        /** A derived seed per replicate; replicates run in parallel. */
        PER_REPLICATE
    }

    /** The work of one replicate; {@code indices} may be reused by the next replicate, so do not keep it. */
    @FunctionalInterface
    public interface ReplicateTask {
        void run(int replicate, int[] indices);
    }

    public BootstrapEngine {
        if (replicates < 0) { // none is allowed: a two-stage bootstrap may have no usable first-stage resample
            throw new IllegalArgumentException("replicates must be >= 0, got " + replicates);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /** {@code replicates} resamples drawn from one stream seeded with {@code seed}. */
    public static BootstrapEngine sequential(int replicates, long seed) {
        return new BootstrapEngine(Scheme.SEQUENTIAL, replicates, seed, 1);
    }

    /** {@code replicates} resamples, each from its own seed derived from {@code seed}, run on {@code threads}. */
    public static BootstrapEngine perReplicate(int replicates, long seed, int threads) {
        return new BootstrapEngine(Scheme.PER_REPLICATE, replicates, seed, threads);
    }

    /**
     * Every replicate's {@code n} indices, as {@link #forEach} draws them (for replaying the resamples elsewhere);
     * refused before allocating when {@code replicates × n} indices would not fit in the heap.
     */
    public int[][] indices(int n) {
        requireSample(n);
        MemoryBudget.ofRuntime().require("replicates", replicates, 16L + (long) Integer.BYTES * n, 0);
        int[][] idx = new int[replicates][];
        SplittableRandom stream = new SplittableRandom(seed);
        for (int r = 0; r < replicates; r++) {
            idx[r] = next(stream, r, n);
        }
        return idx;
    }

    /**
     * Starts {@code progress} with {@code label}, runs {@link #forEach} and marks it done (also on failure or stop).
     */
    public void run(int n, String label, Progress progress, ReplicateTask task) {
        progress.start(replicates, label);
        try {
            forEach(n, progress, task);
        } finally {
            progress.done();
        }
    }

    /**
     * Runs {@code task} on every replicate's resample of a sample of {@code n}: one {@code progress} step per
     * replicate (the caller starts and ends the task), {@link Cancellation#check()} before each. A task's exception
     * ends the loop: sequentially as thrown; in parallel a stop as thrown and anything else wrapped in an
     * {@link IllegalStateException}, after every worker has ended.
     */
    public void forEach(int n, Progress progress, ReplicateTask task) {
        requireSample(n);
        if (scheme == Scheme.SEQUENTIAL) {
            SplittableRandom stream = new SplittableRandom(seed);
            int[] idx = new int[n];
            for (int r = 0; r < replicates; r++) {
                Cancellation.check();
                Resampler.draw(stream, idx);
                task.run(r, idx);
                progress.step(1);
            }
            return;
        }
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(() -> IntStream.range(0, replicates).parallel().forEach(r -> {
                Cancellation.check();
                task.run(r, Resampler.indices(seed, r, n));
                progress.step(1);
            })).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("bootstrap interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Cancellation.CancelledException stop) {
                throw stop;
            }
            throw new IllegalStateException("bootstrap failed: " + message(e.getCause()), e.getCause());
        } finally {
            stop(pool);
        }
    }

    /**
     * Replicates {@code from} (inclusive) to {@code to} (exclusive) of the per-replicate scheme, one after another on
     * the calling thread, {@link Cancellation#check()} before each: the resamples {@link #forEach} gives them, so a
     * bootstrap can be split into ranges run elsewhere (a Spark task) and assembled.
     */
    public void forRange(int from, int to, int n, ReplicateTask task) {
        if (scheme != Scheme.PER_REPLICATE) {
            throw new IllegalStateException("a range of replicates needs the per-replicate scheme");
        }
        if (from < 0 || to < from || to > replicates) {
            throw new IllegalArgumentException("replicate range must satisfy 0 <= from <= to <= " + replicates + ", got ["
                    + from + ", " + to + ")");
        }
        requireSample(n);
        for (int r = from; r < to; r++) {
            Cancellation.check();
            task.run(r, Resampler.indices(seed, r, n));
        }
    }

    /** Replicate r's indices: the next draw of {@code stream} (sequential) or from r's own seed. */
    private int[] next(SplittableRandom stream, int r, int n) {
        if (scheme == Scheme.PER_REPLICATE) {
            return Resampler.indices(seed, r, n);
        }
        int[] row = new int[n];
        Resampler.draw(stream, row);
        return row;
    }

    /**
     * The first message along {@code t}'s causes: the pool rethrows a worker's exception as a copy made without
     * its message, with the original as its cause.
     */
    private static String message(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null) {
                return c.getMessage();
            }
        }
        return t.toString();
    }

    private static void requireSample(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("cannot bootstrap an empty group");
        }
    }

    /**
     * Ends the workers before returning: after a failure or a stop, sibling replicates still running would
     * otherwise go on using the CPU (each ends at its next {@link Cancellation#check()}).
     */
    private static void stop(ForkJoinPool pool) {
        pool.shutdownNow();
        try {
            pool.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How many replicate values are not finite: replicates whose statistic or refit failed. */
    public static int failures(double[] values) {
        int failed = 0;
        for (double v : values) {
            if (!Double.isFinite(v)) {
                failed++;
            }
        }
        return failed;
    }

    /**
     * Percentile interval read off the finite {@code values}: their {@code (1 − level)/2} and {@code (1 + level)/2}
     * quantiles ({@link QuantileMethod#LINEAR}, as {@code numpy.quantile}); failed replicates ({@link #failures}) are left out, and bounds are NaN when all failed.
     *
     * @param standardError the replicates' standard error, or NaN where it is not computed
     */
    public static Interval interval(String name, double estimate, double[] values, double level, double standardError) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level must lie in (0, 1), got " + level);
        }
        double[] sorted = new double[values.length - failures(values)];
        int k = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                sorted[k++] = v;
            }
        }
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return new Interval(name, estimate, Double.NaN, Double.NaN, level, standardError);
        }
        return new Interval(name, estimate, QuantileMethod.LINEAR.of(sorted, (1 - level) / 2),
                QuantileMethod.LINEAR.of(sorted, (1 + level) / 2), level, standardError);
    }

    /**
     * One interval per column of {@code rows} (one row per replicate, columns in the order of {@code estimates}'
     * names), without standard errors.
     */
    public static List<Interval> intervals(List<String> names, double[] estimates, double[][] rows, double level) {
        List<Interval> out = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            double[] column = new double[rows.length];
            for (int r = 0; r < rows.length; r++) {
                column[r] = rows[r][k];
            }
            out.add(interval(names.get(k), estimates[k], column, level, Double.NaN));
        }
        return out;
    }
}
