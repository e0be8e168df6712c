package org.lmlab.scaling;

/**
 * Options of the Approach-3 multi-start fit.
 *
 * @param delta         Huber threshold (1e-3 in Hoffmann et al.)
 * @param grid          starting points
 * @param lbfgs         optimiser settings for each start
 * @param bestTolerance a start counts as reaching the optimum when its objective is within
 *                      {@code bestTolerance · best} of the best objective (relative)
 */
public record FitOptions(double delta, StartGrid grid, Lbfgs.Options lbfgs, double bestTolerance) {

    public FitOptions {
        if (!(delta > 0) || !Double.isFinite(delta)) {
            throw new IllegalArgumentException("delta must be finite and > 0, got " + delta);
        }
        if (grid == null || lbfgs == null) {
            throw new IllegalArgumentException("grid and lbfgs options are required");
        }
        if (!(bestTolerance >= 0)) {
            throw new IllegalArgumentException("bestTolerance must be >= 0, got " + bestTolerance);
        }
    }

    /** δ = 1e-3, the replication's 4,500-point grid, {@link Lbfgs.Options#tight()}, best within 1e-6 relative. */
    public static FitOptions defaults() {
        return new FitOptions(ChinchillaObjective.DEFAULT_DELTA, StartGrid.replication(), Lbfgs.Options.tight(), 1e-6);
    }

    public FitOptions withGrid(StartGrid g) {
        return new FitOptions(delta, g, lbfgs, bestTolerance);
    }

    public FitOptions withLbfgs(Lbfgs.Options o) {
        return new FitOptions(delta, grid, o, bestTolerance);
    }
}
