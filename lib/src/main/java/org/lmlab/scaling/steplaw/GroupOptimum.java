package org.lmlab.scaling.steplaw;

/**
 * The optimum of one (N, D) group of a hyper-parameter grid.
 *
 * @param params    N
 * @param tokens    D
 * @param runs      runs in the group
 * @param fitted    runs the surface was fitted to (those within the window of the best loss)
 * @param lr        optimal learning rate (surface minimum, or the best run's when {@code method} is GRID)
 * @param batch     optimal batch size in tokens
 * @param loss      loss there (surface value, or the best run's)
 * @param method    where the optimum comes from
 * @param note      why the grid's best run was used (empty for SURFACE)
 * @param best      the grid's best run (diagnostic)
 * @param surface   the fitted surface; null when it could not be fitted
 */
public record GroupOptimum(double params, double tokens, int runs, int fitted, double lr, double batch, double loss,
                           Method method, String note, HparamRun best, QuadraticSurface surface) {

    /** Where an optimum comes from. */
    public enum Method {
        /** Minimum of the quadratic surface, inside the grid's lr × batch range. */
        SURFACE,
        /** The grid's best run (surface not convex, its minimum outside the grid, or too few runs). */
        GRID
    }
}
