package org.lmlab.scaling;

/**
 * The memory of L-BFGS: the last {@code m} correction pairs (s = x' − x, y = g' − g) and the
 * two-loop recursion that turns them into a search direction −H g (Nocedal and Wright, Alg. 7.4).
 * One home for both optimisers: the unbounded {@link Lbfgs} uses every coordinate, the projected
 * one only the coordinates not held at a bound (its pairs restricted to them). With every
 * coordinate free the arithmetic is the same, term by term, as without a mask.
 */
final class CurvaturePairs {

    private final int m;
    private final double[][] s;
    private final double[][] y;
    private final double[] rho;
    private final double[] alpha;
    private int stored;
    private int head;

    CurvaturePairs(int memory, int n) {
        this.m = memory;
        this.s = new double[memory][n];
        this.y = new double[memory][n];
        this.rho = new double[memory];
        this.alpha = new double[memory];
    }

    /**
     * Writes −H g into {@code p} on the coordinates where {@code free} holds ({@code null}: all),
     * 0 elsewhere. Where that is no descent direction, the pairs are forgotten and {@code p} is
     * scaled steepest descent.
     */
    void direction(double[] g, boolean[] free, double[] p) {
        int n = g.length;
        for (int i = 0; i < n; i++) {
            p[i] = isFree(free, i) ? -g[i] : 0;
        }
        double norm = Lbfgs.infNorm(p);
        for (int k = 0; k < stored; k++) {
            int j = Math.floorMod(head - 1 - k, m);
            alpha[j] = rho[j] * dot(s[j], p, free);
            axpy(-alpha[j], y[j], p, free);
        }
        double gamma = 1;
        if (stored > 0) {
            int last = Math.floorMod(head - 1, m);
            double yy = dot(y[last], y[last], free);
            gamma = yy > 0 ? dot(s[last], y[last], free) / yy : 1;
        }
        if (stored == 0 || !(gamma > 0)) {
            gamma = Math.min(1.0, 1.0 / norm);
        }
        for (int i = 0; i < n; i++) {
            p[i] *= gamma;
        }
        for (int k = stored - 1; k >= 0; k--) {
            int j = Math.floorMod(head - 1 - k, m);
            double beta = rho[j] * dot(y[j], p, free);
            axpy(alpha[j] - beta, s[j], p, free);
        }
        if (!(Lbfgs.dot(g, p) < 0)) { // not a descent direction: forget the pairs, steepest descent
            stored = 0;
            for (int i = 0; i < n; i++) {
                p[i] = isFree(free, i) ? -g[i] * Math.min(1.0, 1.0 / norm) : 0;
            }
        }
    }

    /** Remembers the step from (x, g) to (xNew, gNew) if its curvature is positive (H stays positive definite). */
    void add(double[] x, double[] xNew, double[] g, double[] gNew) {
        double sy = 0;
        for (int i = 0; i < x.length; i++) {
            s[head][i] = xNew[i] - x[i];
            y[head][i] = gNew[i] - g[i];
            sy += s[head][i] * y[head][i];
        }
        if (sy > 1e-300) {
            rho[head] = 1.0 / sy;
            head = (head + 1) % m;
            stored = Math.min(stored + 1, m);
        }
    }

    private static boolean isFree(boolean[] free, int i) {
        return free == null || free[i];
    }

    private static double dot(double[] u, double[] v, boolean[] free) {
        double sum = 0;
        for (int i = 0; i < u.length; i++) {
            if (isFree(free, i)) {
                sum += u[i] * v[i];
            }
        }
        return sum;
    }

    private static void axpy(double a, double[] x, double[] y, boolean[] free) {
        for (int i = 0; i < x.length; i++) {
            if (isFree(free, i)) {
                y[i] += a * x[i];
            }
        }
    }
}
