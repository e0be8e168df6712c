package org.lmlab.scaling.steplaw;

/**
 * How {@link StepLawFitter} fits.
 *
 * @param window    fit each group's surface to runs with loss ≤ (1 + window) × the group's best (the
 *                  quadratic describes the bowl, not diverged or barely-trained corners)
 * @param points    what the power laws are regressed on
 * @param tolerance for {@link Points#NEAR_BEST}: runs within this relative loss of their group's best
 * @param bootstrap resamples of the regression points for percentile intervals (0: none)
 * @param seed      bootstrap seed
 * @param level     interval confidence level
 */
public record StepLawOptions(double window, Points points, double tolerance, int bootstrap, long seed, double level) {

    /** Surface window 2 %, regression on the group optima, 1000 resamples, seed 42, 95 % intervals. */
    public static final StepLawOptions DEFAULT = new StepLawOptions(0.02, Points.OPTIMA, 0.0025, 1000, 42, 0.95);

    /** What the power laws are regressed on. */
    public enum Points {
        /** One point per (N, D) group: its optimum (surface minimum or best run). */
        OPTIMA,
        /**
         * Every run within {@code tolerance} of its group's best loss, as the authors' released code does
         * ({@code query_optimal_lr_bs_data}, threshold 0.0025).
         */
        NEAR_BEST
    }

    public StepLawOptions {
        if (!(window > 0) || Double.isInfinite(window)) {
            throw new IllegalArgumentException("window must be finite and > 0, got " + window);
        }
        if (!(tolerance > 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be finite and > 0, got " + tolerance);
        }
        if (bootstrap < 0) {
            throw new IllegalArgumentException("bootstrap must be 0 or more, got " + bootstrap);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), got " + level);
        }
        if (points == null) {
            throw new IllegalArgumentException("points must be given");
        }
    }

    public StepLawOptions withPoints(Points p, double tol) {
        return new StepLawOptions(window, p, tol, bootstrap, seed, level);
    }

    public StepLawOptions withWindow(double w) {
        return new StepLawOptions(w, points, tolerance, bootstrap, seed, level);
    }

    public StepLawOptions withBootstrap(int n, long s) {
        return new StepLawOptions(window, points, tolerance, n, s, level);
    }
}
