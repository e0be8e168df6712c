package org.lmlab.scaling;

import org.lmlab.progress.Progress;

import java.time.Duration;
import java.util.List;

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
        StartGrid grid = options.grid();
        progress.start(grid.size(), "Chinchilla fit (" + runs.size() + " runs, " + grid.size() + " starts)");
        MultiStart.Outcome outcome;
        try {
            outcome = new MultiStart(options.lbfgs(), options.bestTolerance())
                    .minimize(objective, grid.size(), grid::start, true, progress);
        } finally {
            progress.done();
        }
        Lbfgs.Result bestResult = outcome.best();
        return new ChinchillaFit(ChinchillaParams.of(bestResult.x()), bestResult.value(), bestResult.gradientNorm(),
                runs.size(), grid.size(), outcome.startsAtBest(), outcome.bestStart(), outcome.stops(),
                Duration.ofNanos(System.nanoTime() - t0));
    }
}
