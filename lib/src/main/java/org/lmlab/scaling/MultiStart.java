package org.lmlab.scaling;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.lmlab.progress.Cancellation;
import org.lmlab.progress.Progress;

/**
 * Multi-start L-BFGS: one run from every start (optionally on a parallel stream), the best kept
 * (lowest value, lowest index on ties, so the outcome never depends on scheduling) and polished by
 * one more run at a 100× tighter gradient tolerance. Shared by every law's fit and the bootstrap.
 */
public final class MultiStart {

    /**
     * @param best         the polished best point
     * @param bestStart    index of the start that led to it
     * @param startsAtBest starts whose value is within the relative tolerance of the best
     * @param stops        how many starts stopped for each reason (before polishing)
     */
    public record Outcome(Lbfgs.Result best, int bestStart, int startsAtBest, Map<Lbfgs.Status, Integer> stops) {
        public Outcome {
            stops = Map.copyOf(stops);
        }
    }

    private final Lbfgs.Options options;
    private final double bestTolerance;

    public MultiStart(Lbfgs.Options options, double bestTolerance) {
        this.options = options;
        this.bestTolerance = bestTolerance;
    }

    /**
     * Minimises {@code f} from {@code count} starts.
     *
     * @param parallel run the starts on the common fork-join pool (callers already running in
     *                 parallel, such as the bootstrap, pass false)
     * @param progress one step per finished start; must be thread-safe when {@code parallel}
     * @throws IllegalStateException when no start reaches a finite value
     * @throws Cancellation.CancelledException when a stop is requested; every start checks before it runs
     */
    public Outcome minimize(DifferentiableFunction f, int count, IntFunction<double[]> start, boolean parallel,
                            Progress progress) {
        return minimize(f, count, start, parallel, progress, null);
    }

    /**
     * As {@link #minimize(DifferentiableFunction, int, IntFunction, boolean, Progress)}, within {@code bounds}
     * (null or no finite bound: unbounded L-BFGS, the same result as without).
     */
    public Outcome minimize(DifferentiableFunction f, int count, IntFunction<double[]> start, boolean parallel,
                            Progress progress, Bounds bounds) {
        ProjectedLbfgs lbfgs = new ProjectedLbfgs(options, bounds);
        IntStream indices = IntStream.range(0, count);
        Lbfgs.Result[] results;
        try {
            results = (parallel ? indices.parallel() : indices)
                    .mapToObj(i -> {
                        Cancellation.check();
                        Lbfgs.Result r = lbfgs.minimize(f, start.apply(i));
                        progress.step(1);
                        return r;
                    })
                    .toArray(Lbfgs.Result[]::new);
        } catch (Cancellation.CancelledException stop) {
            if (parallel) {
                // The stream throws as soon as one start stops; the starts already running on the common pool end
                // at their next check, and the caller gets control back only once they have.
                ForkJoinPool.commonPool().awaitQuiescence(1, TimeUnit.MINUTES);
            }
            throw stop;
        }
        int best = -1;
        for (int i = 0; i < results.length; i++) {
            double v = results[i].value();
            if (Double.isFinite(v) && (best < 0 || v < results[best].value())) {
                best = i;
            }
        }
        if (best < 0) {
            throw new IllegalStateException("no start gave a finite objective (" + count + " starts)");
        }
        Lbfgs.Result polished = new ProjectedLbfgs(new Lbfgs.Options(options.memory(), options.maxIterations(),
                options.gradientTolerance() / 100, options.relativeTolerance()), bounds)
                .minimize(f, results[best].x());
        Lbfgs.Result bestResult = polished.value() <= results[best].value() ? polished : results[best];
        double bestValue = bestResult.value();
        int atBest = 0;
        EnumMap<Lbfgs.Status, Integer> stops = new EnumMap<>(Lbfgs.Status.class);
        for (Lbfgs.Result r : results) {
            stops.merge(r.status(), 1, Integer::sum);
            if (r.value() - bestValue <= bestTolerance * Math.abs(bestValue)) {
                atBest++;
            }
        }
        return new Outcome(bestResult, best, atBest, stops);
    }
}
