package org.lmlab.scaling;

import java.util.Arrays;

/**
 * Limited-memory BFGS (Nocedal &amp; Wright, Numerical Optimization, 2nd ed., Alg. 7.4 two-loop
 * recursion and Alg. 3.5/3.6 strong-Wolfe line search) for unconstrained smooth minimisation.
 * Stateless and thread-safe: each {@link #minimize} call owns its work arrays.
 */
public final class Lbfgs {

    /**
     * @param memory            number of correction pairs kept (m)
     * @param maxIterations     iteration limit
     * @param gradientTolerance stop when {@code max_i |g_i| ≤ gradientTolerance}
     * @param relativeTolerance stop when {@code (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) ≤ relativeTolerance}
     *                          (scipy's {@code ftol} test)
     */
    public record Options(int memory, int maxIterations, double gradientTolerance, double relativeTolerance) {

        public Options {
            if (memory < 1 || maxIterations < 1 || !(gradientTolerance >= 0) || !(relativeTolerance >= 0)) {
                throw new IllegalArgumentException("invalid L-BFGS options: " + memory + ", " + maxIterations
                        + ", " + gradientTolerance + ", " + relativeTolerance);
            }
        }

        /** Tight defaults used for scaling-law fits: m = 10, 10 000 iterations, gtol 1e-10, ftol 1e-15. */
        public static Options tight() {
            return new Options(10, 10_000, 1e-10, 1e-15);
        }
    }

    /** Why the iteration stopped. */
    public enum Status {
        /** Gradient norm below tolerance. */
        GRADIENT,
        /** Relative objective change below tolerance. */
        RELATIVE_CHANGE,
        /** The line search found no acceptable step (usually: converged to rounding level). */
        LINE_SEARCH,
        /** Iteration limit reached. */
        MAX_ITERATIONS,
        /** The objective or gradient was not finite at the start point. */
        NOT_FINITE
    }

    /** Outcome of a minimisation: the best point seen and its value and gradient. */
    public record Result(double[] x, double value, double[] gradient, int iterations, int evaluations,
                         Status status) {

        /** {@code max_i |g_i|}. */
        public double gradientNorm() {
            return infNorm(gradient);
        }
    }

    private static final double C1 = 1e-4;
    private static final double C2 = 0.9;
    private static final int MAX_LINE_SEARCH = 40;

    private final Options options;

    public Lbfgs(Options options) {
        this.options = options;
    }

    public Options options() {
        return options;
    }

    public Result minimize(DifferentiableFunction f, double[] start) {
        int n = start.length;
        CurvaturePairs pairs = new CurvaturePairs(options.memory(), n);
        double[] x = start.clone();
        double[] g = new double[n];
        double fx = f.valueAndGradient(x, g);
        int[] evals = {1};
        if (!Double.isFinite(fx) || !allFinite(g)) {
            return new Result(x, fx, g, 0, evals[0], Status.NOT_FINITE);
        }
        double[] p = new double[n];
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        for (int iter = 0; iter < options.maxIterations(); iter++) {
            if (infNorm(g) <= options.gradientTolerance()) {
                return new Result(x, fx, g, iter, evals[0], Status.GRADIENT);
            }
            pairs.direction(g, null, p);
            double fNew = lineSearch(f, x, fx, g, p, dot(g, p), xNew, gNew, evals, Double.POSITIVE_INFINITY, null);
            if (Double.isNaN(fNew)) {
                return new Result(x, fx, g, iter, evals[0], Status.LINE_SEARCH);
            }
            pairs.add(x, xNew, g, gNew);
            double fOld = fx;
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            fx = fNew;
            if (smallChange(fOld, fx, options)) {
                return new Result(x, fx, g, iter + 1, evals[0], Status.RELATIVE_CHANGE);
            }
        }
        Status status = infNorm(g) <= options.gradientTolerance() ? Status.GRADIENT : Status.MAX_ITERATIONS;
        return new Result(x, fx, g, options.maxIterations(), evals[0], status);
    }

    /** scipy's {@code ftol} test: the decrease relative to max(|f_old|, |f|, 1) is at most the tolerance. */
    static boolean smallChange(double fOld, double fx, Options options) {
        return (fOld - fx) / Math.max(Math.max(Math.abs(fOld), Math.abs(fx)), 1.0) <= options.relativeTolerance();
    }

    /**
     * Strong-Wolfe line search along {@code p} for a step of at most {@code maxStep}; on success writes the
     * new point and gradient into {@code xOut}/{@code gOut} and returns its value, otherwise returns NaN.
     * A point at {@code maxStep} with sufficient decrease is accepted while the slope is still negative (the
     * edge of a box); points are projected into {@code box} (null: none) against rounding at that edge.
     */
    static double lineSearch(DifferentiableFunction f, double[] x, double f0, double[] g0, double[] p,
                             double slope0, double[] xOut, double[] gOut, int[] evals, double maxStep, Bounds box) {
        double stepPrev = 0;
        double fPrev = f0;
        double slopePrev = slope0;
        double step = Math.min(1.0, maxStep);
        for (int i = 0; i < MAX_LINE_SEARCH; i++) {
            double fs = evaluate(f, x, p, step, xOut, gOut, evals, box);
            if (!Double.isFinite(fs)) { // overshoot into a non-finite region: shrink
                step = 0.5 * (stepPrev + step);
                continue;
            }
            double slope = dot(gOut, p);
            if (fs > f0 + C1 * step * slope0 || (i > 0 && fs >= fPrev)) {
                return zoom(f, x, f0, slope0, p, stepPrev, fPrev, slopePrev, step, fs, slope, xOut, gOut, evals, box);
            }
            if (Math.abs(slope) <= -C2 * slope0) {
                return fs;
            }
            if (slope >= 0) {
                return zoom(f, x, f0, slope0, p, step, fs, slope, stepPrev, fPrev, slopePrev, xOut, gOut, evals, box);
            }
            if (step >= maxStep) {
                return fs;
            }
            stepPrev = step;
            fPrev = fs;
            slopePrev = slope;
            step = Math.min(2 * step, maxStep);
        }
        return Double.NaN;
    }

    /** Alg. 3.6: {@code lo} satisfies sufficient decrease with the lowest value seen; the bracket is [lo, hi]. */
    private static double zoom(DifferentiableFunction f, double[] x, double f0, double slope0, double[] p,
                               double lo, double fLo, double slopeLo, double hi, double fHi, double slopeHi,
                               double[] xOut, double[] gOut, int[] evals, Bounds box) {
        for (int i = 0; i < MAX_LINE_SEARCH; i++) {
            double step = cubicMinimizer(lo, fLo, slopeLo, hi, fHi, slopeHi);
            double width = Math.abs(hi - lo);
            double left = Math.min(lo, hi);
            if (!(Double.isFinite(step)) || step < left + 0.1 * width || step > left + 0.9 * width) {
                step = 0.5 * (lo + hi);
            }
            if (step == lo || step == hi) {
                break;
            }
            double fs = evaluate(f, x, p, step, xOut, gOut, evals, box);
            double slope = dot(gOut, p);
            if (!Double.isFinite(fs) || fs > f0 + C1 * step * slope0 || fs >= fLo) {
                hi = step;
                fHi = Double.isFinite(fs) ? fs : Double.MAX_VALUE;
                slopeHi = Double.isFinite(slope) ? slope : 0;
            } else {
                if (Math.abs(slope) <= -C2 * slope0) {
                    return fs;
                }
                if (slope * (hi - lo) >= 0) {
                    hi = lo;
                    fHi = fLo;
                    slopeHi = slopeLo;
                }
                lo = step;
                fLo = fs;
                slopeLo = slope;
            }
        }
        // No strong-Wolfe point; accept lo if it decreased the objective.
        if (lo > 0 && fLo < f0) {
            return evaluate(f, x, p, lo, xOut, gOut, evals, box);
        }
        return Double.NaN;
    }

    /** Minimiser of the cubic interpolating values and slopes at two points (NaN if none). */
    private static double cubicMinimizer(double a, double fa, double da, double b, double fb, double db) {
        double d1 = da + db - 3 * (fa - fb) / (a - b);
        double disc = d1 * d1 - da * db;
        if (!(disc >= 0)) {
            return Double.NaN;
        }
        double d2 = Math.copySign(Math.sqrt(disc), b - a);
        return b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2);
    }

    private static double evaluate(DifferentiableFunction f, double[] x, double[] p, double step,
                                   double[] xOut, double[] gOut, int[] evals, Bounds box) {
        for (int i = 0; i < x.length; i++) {
            xOut[i] = x[i] + step * p[i];
        }
        if (box != null) {
            box.project(xOut);
        }
        evals[0]++;
        double v = f.valueAndGradient(xOut, gOut);
        return allFinite(gOut) ? v : Double.NaN;
    }

    static double dot(double[] u, double[] v) {
        double s = 0;
        for (int i = 0; i < u.length; i++) {
            s += u[i] * v[i];
        }
        return s;
    }

    static double infNorm(double[] v) {
        double m = 0;
        for (double d : v) {
            m = Math.max(m, Math.abs(d));
        }
        return m;
    }

    static boolean allFinite(double[] v) {
        return Arrays.stream(v).allMatch(Double::isFinite);
    }
}
