package org.lmlab.scaling;

/**
 * L-BFGS on a box: the two-loop direction on the coordinates that are free (not held on a bound by
 * the gradient), a strong-Wolfe search up to the first bound on the way (an Armijo backtracking along
 * the projected path {@code P(x + t p)} where that fails), and the projected-gradient stopping test of scipy's L-BFGS-B (Bertsekas-style projected quasi-Newton; not
 * L-BFGS-B's Cauchy point and subspace minimisation, which reach the same stationary points). With no
 * finite bound it hands over to {@link Lbfgs}, so unbounded fits are unchanged.
 */
public final class ProjectedLbfgs {

    private static final double C1 = 1e-4;
    private static final int MAX_BACKTRACKS = 60;

    private final Lbfgs.Options options;
    private final Bounds bounds;

    /** @param bounds the box; null for none */
    public ProjectedLbfgs(Lbfgs.Options options, Bounds bounds) {
        this.options = options;
        this.bounds = bounds;
    }

    /**
     * Minimises {@code f} over the box from {@code start} (moved into the box first, as scipy does).
     * {@link Lbfgs.Status#GRADIENT} means the projected gradient is below the tolerance.
     */
    public Lbfgs.Result minimize(DifferentiableFunction f, double[] start) {
        if (bounds == null || !bounds.any()) {
            return new Lbfgs(options).minimize(f, start);
        }
        if (start.length != bounds.size()) {
            throw new IllegalArgumentException("start has " + start.length + " coordinates, bounds " + bounds.size());
        }
        int n = start.length;
        CurvaturePairs pairs = new CurvaturePairs(options.memory(), n);
        double[] x = bounds.project(start.clone());
        double[] g = new double[n];
        double fx = f.valueAndGradient(x, g);
        int[] evals = {1};
        if (!Double.isFinite(fx) || !Lbfgs.allFinite(g)) {
            return new Lbfgs.Result(x, fx, g, 0, evals[0], Lbfgs.Status.NOT_FINITE);
        }
        boolean[] free = new boolean[n];
        double[] p = new double[n];
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        for (int iter = 0; iter < options.maxIterations(); iter++) {
            if (bounds.projectedGradientNorm(x, g) <= options.gradientTolerance()) {
                return new Lbfgs.Result(x, fx, g, iter, evals[0], Lbfgs.Status.GRADIENT);
            }
            for (int i = 0; i < n; i++) {
                free[i] = !bounds.pinned(i, x[i], g[i]);
            }
            pairs.direction(g, free, p); // the two-loop recursion on the free coordinates
            // Up to the first bound the path is straight: a strong-Wolfe search there keeps the curvature pairs
            // good (as in the unbounded L-BFGS); otherwise backtrack along the projected path.
            double maxStep = stepToBoundary(x, p);
            boolean wolfe = true;
            double fNew = maxStep > 0
                    ? Lbfgs.lineSearch(f, x, fx, g, p, Lbfgs.dot(g, p), xNew, gNew, evals, maxStep, bounds)
                    : Double.NaN;
            if (Double.isNaN(fNew)) {
                wolfe = false;
                fNew = projectedBacktracking(f, x, fx, g, p, xNew, gNew, evals);
            } else if (snapToBounds(xNew, p)) { // x + t p at the first bound misses it by rounding
                evals[0]++;
                fNew = f.valueAndGradient(xNew, gNew);
                if (!Double.isFinite(fNew) || !Lbfgs.allFinite(gNew)) {
                    fNew = Double.NaN;
                }
            }
            if (Double.isNaN(fNew)) {
                return new Lbfgs.Result(x, fx, g, iter, evals[0], Lbfgs.Status.LINE_SEARCH);
            }
            pairs.add(x, xNew, g, gNew);
            // A step cut short by a bound it reached (or by backtracking) says nothing about convergence: the
            // relative-change test applies only to a full Wolfe step inside the box.
            boolean reachedBound = !wolfe || onMoreBounds(x, xNew);
            double fOld = fx;
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            fx = fNew;
            if (!reachedBound && Lbfgs.smallChange(fOld, fx, options)) {
                return new Lbfgs.Result(x, fx, g, iter + 1, evals[0], Lbfgs.Status.RELATIVE_CHANGE);
            }
        }
        Lbfgs.Status status = bounds.projectedGradientNorm(x, g) <= options.gradientTolerance()
                ? Lbfgs.Status.GRADIENT : Lbfgs.Status.MAX_ITERATIONS;
        return new Lbfgs.Result(x, fx, g, options.maxIterations(), evals[0], status);
    }

    /** The largest step {@code t} with {@code x + t p} inside the box (infinite when nothing bounds it). */
    private double stepToBoundary(double[] x, double[] p) {
        double t = Double.POSITIVE_INFINITY;
        for (int i = 0; i < x.length; i++) {
            if (p[i] > 0) {
                t = Math.min(t, (bounds.upper()[i] - x[i]) / p[i]);
            } else if (p[i] < 0) {
                t = Math.min(t, (bounds.lower()[i] - x[i]) / p[i]);
            }
        }
        return Math.max(t, 0);
    }

    /** Whether {@code after} has a coordinate on a bound that {@code before} did not have there. */
    private boolean onMoreBounds(double[] before, double[] after) {
        for (int i = 0; i < before.length; i++) {
            boolean was = before[i] == bounds.lower()[i] || before[i] == bounds.upper()[i];
            boolean is = after[i] == bounds.lower()[i] || after[i] == bounds.upper()[i];
            if (is && !was) {
                return true;
            }
        }
        return false;
    }

    /** Moves coordinates within a few ulps of the bound they head for onto it; true if any moved. */
    private boolean snapToBounds(double[] x, double[] p) {
        boolean moved = false;
        for (int i = 0; i < x.length; i++) {
            double target = p[i] > 0 ? bounds.upper()[i] : p[i] < 0 ? bounds.lower()[i] : Double.NaN;
            if (Double.isFinite(target) && x[i] != target && Math.abs(x[i] - target) <= 4 * Math.ulp(target)) {
                x[i] = target;
                moved = true;
            }
        }
        return moved;
    }

    /**
     * Armijo backtracking along {@code P(x + t p)}, t = 1, 1/2, …; writes the accepted point and its gradient,
     * returns its value, or NaN when no step decreases the objective.
     */
    private double projectedBacktracking(DifferentiableFunction f, double[] x, double fx, double[] g, double[] p,
                                         double[] xNew, double[] gNew, int[] evals) {
        double step = 1;
        for (int b = 0; b < MAX_BACKTRACKS; b++, step *= 0.5) {
            for (int i = 0; i < x.length; i++) {
                xNew[i] = x[i] + step * p[i];
            }
            bounds.project(xNew);
            double decrease = 0; // g·(x_new − x): the first-order change along the projected path
            for (int i = 0; i < x.length; i++) {
                decrease += g[i] * (xNew[i] - x[i]);
            }
            if (!(decrease < 0)) {
                return Double.NaN; // the projected step no longer moves downhill: nothing left to gain here
            }
            evals[0]++;
            double ft = f.valueAndGradient(xNew, gNew);
            if (Double.isFinite(ft) && Lbfgs.allFinite(gNew) && ft <= fx + C1 * decrease) {
                return ft;
            }
        }
        return Double.NaN;
    }
}
