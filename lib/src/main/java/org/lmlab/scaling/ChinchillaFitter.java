package org.lmlab.scaling;

import org.lmlab.progress.Progress;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Chinchilla Approach 3 (Hoffmann et al. 2022; replication: Besiroglu et al. 2024): minimise the
 * summed Huber loss of {@link ChinchillaObjective} with {@link Lbfgs} from every point of a
 * {@link StartGrid} (in parallel; the result does not depend on scheduling), keep the best, and
 * polish it with one more L-BFGS run from there at a 100× tighter gradient tolerance.
 */
public final class ChinchillaFitter {

    private final FitOptions options;

    public ChinchillaFitter(FitOptions options) {
        this.options = options;
    }

    public ChinchillaFitter() {
        this(FitOptions.defaults());
    }

    public FitOptions options() {
        return options;
    }

    /**
     * Fits the runs.
     *
     * @throws IllegalArgumentException when there are fewer runs than the 5 parameters
     */
    public ChinchillaFit fit(List<Run> runs) {
        return fit(runs, Progress.NONE);
    }

    /**
     * Fits the runs, reporting one step per finished start to {@code progress} (thread-safe
     * implementations only: starts run in parallel).
     */
    public ChinchillaFit fit(List<Run> runs, Progress progress) {
        if (runs.size() < 5) {
            throw new IllegalArgumentException("need at least 5 runs to fit the 5 parameters (a, b, e, alpha, beta), got "
                    + runs.size());
        }
        long t0 = System.nanoTime();
        ChinchillaObjective objective = new ChinchillaObjective(runs, options.delta());
        Lbfgs lbfgs = new Lbfgs(options.lbfgs());
        StartGrid grid = options.grid();
        progress.start(grid.size(), "Chinchilla fit (" + runs.size() + " runs, " + grid.size() + " starts)");
        Lbfgs.Result[] results;
        try {
            results = IntStream.range(0, grid.size()).parallel()
                    .mapToObj(i -> {
                        Lbfgs.Result result = lbfgs.minimize(objective, grid.start(i));
                        progress.step(1);
                        return result;
                    })
                    .toArray(Lbfgs.Result[]::new);
        } finally {
            progress.done();
        }
        int best = -1;
        for (int i = 0; i < results.length; i++) {
            double v = results[i].value();
            if (Double.isFinite(v) && (best < 0 || v < results[best].value())) {
                best = i;
            }
        }
        if (best < 0) {
            throw new IllegalStateException("no start gave a finite objective (" + grid.size() + " starts)");
        }
        Lbfgs.Options o = options.lbfgs();
        Lbfgs.Result polished = new Lbfgs(new Lbfgs.Options(o.memory(), o.maxIterations(),
                o.gradientTolerance() / 100, o.relativeTolerance())).minimize(objective, results[best].x());
        Lbfgs.Result bestResult = polished.value() <= results[best].value() ? polished : results[best];
        double bestValue = bestResult.value();
        int atBest = 0;
        EnumMap<Lbfgs.Status, Integer> stops = new EnumMap<>(Lbfgs.Status.class);
        for (Lbfgs.Result r : results) {
            stops.merge(r.status(), 1, Integer::sum);
            if (r.value() - bestValue <= options.bestTolerance() * Math.abs(bestValue)) {
                atBest++;
            }
        }
        return new ChinchillaFit(ChinchillaParams.of(bestResult.x()), bestValue, bestResult.gradientNorm(),
                runs.size(), grid.size(), atBest, best, stops, Duration.ofNanos(System.nanoTime() - t0));
    }
}
