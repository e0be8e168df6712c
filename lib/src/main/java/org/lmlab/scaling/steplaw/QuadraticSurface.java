package org.lmlab.scaling.steplaw;

import java.util.List;
import org.lmlab.scaling.isoflop.LeastSquares;

/**
 * Loss as a quadratic in {@code x = ln lr} and {@code y = ln B}, fitted by ordinary least squares:
 * {@code L = q0 + q1 u + q2 v + q3 u² + q4 u v + q5 v²} with {@code u = x − x0}, {@code v = y − y0}
 * centred on the runs' means (for conditioning; the surface itself does not depend on the centre).
 * A quadratic is the lowest-order smooth surface with an interior minimum and its fit is linear (one
 * unique answer, no starts); near the optimum it is the landscape's second-order Taylor expansion.
 *
 * @param x0 mean ln lr of the fitted runs
 * @param y0 mean ln B of the fitted runs
 * @param q  the six coefficients above
 */
public record QuadraticSurface(double x0, double y0, double[] q) {

    public QuadraticSurface {
        q = q.clone();
    }

    @Override
    public double[] q() {
        return q.clone();
    }

    /** Least-squares fit to {@code runs}; needs 6 runs with at least 3 learning rates and 3 batch sizes. */
    public static QuadraticSurface fit(List<HparamRun> runs) {
        long lrs = runs.stream().mapToDouble(HparamRun::lr).distinct().count();
        long batches = runs.stream().mapToDouble(HparamRun::batch).distinct().count();
        if (runs.size() < 6 || lrs < 3 || batches < 3) {
            throw new IllegalArgumentException("a quadratic surface needs at least 6 runs with 3 learning rates and 3 "
                    + "batch sizes; got " + runs.size() + " runs, " + lrs + " learning rates, " + batches + " batch sizes");
        }
        double x0 = runs.stream().mapToDouble(r -> Math.log(r.lr())).average().orElseThrow();
        double y0 = runs.stream().mapToDouble(r -> Math.log(r.batch())).average().orElseThrow();
        double[][] a = new double[runs.size()][];
        double[] b = new double[runs.size()];
        for (int i = 0; i < a.length; i++) {
            HparamRun r = runs.get(i);
            a[i] = terms(Math.log(r.lr()) - x0, Math.log(r.batch()) - y0);
            b[i] = r.loss();
        }
        return new QuadraticSurface(x0, y0, LeastSquares.solve(a, b));
    }

    private static double[] terms(double u, double v) {
        return new double[] {1, u, v, u * u, u * v, v * v};
    }

    /** The surface's loss at a learning rate and batch size. */
    public double loss(double lr, double batch) {
        double[] t = terms(Math.log(lr) - x0, Math.log(batch) - y0);
        double s = 0;
        for (int k = 0; k < 6; k++) {
            s += q[k] * t[k];
        }
        return s;
    }

    /** Whether the surface is a bowl (positive-definite Hessian), so its stationary point is a minimum. */
    public boolean convex() {
        return q[3] > 0 && 4 * q[3] * q[5] - q[4] * q[4] > 0;
    }

    /** The stationary point {@code {lr, B}}: ∇L = 0 solved in (u, v). */
    public double[] stationaryPoint() {
        double det = 4 * q[3] * q[5] - q[4] * q[4];
        if (det == 0) {
            throw new IllegalArgumentException("the surface has no stationary point (singular Hessian)");
        }
        double u = (-2 * q[5] * q[1] + q[4] * q[2]) / det;
        double v = (q[4] * q[1] - 2 * q[3] * q[2]) / det;
        return new double[] {Math.exp(x0 + u), Math.exp(y0 + v)};
    }
}
