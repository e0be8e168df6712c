package org.lmlab.scaling;

/**
 * Options of the Approach-3 multi-start fit ({@link LawFitter}); the starts come from the law.
 *
 * @param delta         Huber threshold (1e-3 in Hoffmann et al.)
 * @param lbfgs         optimiser settings for each start
 * @param bestTolerance a start counts as reaching the optimum when its objective is within
 *                      {@code bestTolerance · best} of the best objective (relative)
 */
public record FitOptions(double delta, Lbfgs.Options lbfgs, double bestTolerance) {

    public FitOptions {
        if (!(delta > 0) || !Double.isFinite(delta)) {
            throw new IllegalArgumentException("delta must be finite and > 0, got " + delta);
        }
        if (lbfgs == null) {
            throw new IllegalArgumentException("lbfgs options are required");
        }
        if (!(bestTolerance >= 0)) {
            throw new IllegalArgumentException("bestTolerance must be >= 0, got " + bestTolerance);
        }
    }

    /** δ = 1e-3, {@link Lbfgs.Options#tight()}, best within 1e-6 relative. */
    public static FitOptions defaults() {
        return new FitOptions(ChinchillaObjective.DEFAULT_DELTA, Lbfgs.Options.tight(), 1e-6);
    }

    public FitOptions withLbfgs(Lbfgs.Options o) {
        return new FitOptions(delta, o, bestTolerance);
    }
}
