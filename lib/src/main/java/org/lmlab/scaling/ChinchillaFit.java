package org.lmlab.scaling;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Result of an Approach-3 fit.
 *
 * @param params        the best parameters
 * @param objective     the summed Huber loss at {@code params}
 * @param gradientNorm  max-norm of the objective's gradient at {@code params}
 * @param runs          number of runs fitted
 * @param starts        number of grid starts
 * @param startsAtBest  starts whose final objective is within the relative tolerance of the best
 * @param bestStart     index (in grid order) of the start that produced the best point
 * @param stops         how many starts stopped for each reason (before polishing)
 * @param elapsed       wall-clock time of the fit
 */
public record ChinchillaFit(ChinchillaParams params, double objective, double gradientNorm, int runs, int starts,
                            int startsAtBest, int bestStart, Map<Lbfgs.Status, Integer> stops, Duration elapsed) {

    public ChinchillaFit {
        stops = Map.copyOf(stops);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s%n  A=%.7g B=%.7g E=%.7g alpha=%.7g beta=%.7g%n"
                        + "  objective=%.12g |grad|=%.2e runs=%d starts=%d at best=%d stops=%s (%d ms)",
                params.formula(), params.A(), params.B(), params.E(), params.alpha(), params.beta(),
                objective, gradientNorm, runs, starts, startsAtBest, new java.util.TreeMap<>(stops), elapsed.toMillis());
    }
}
