package org.lmlab.scaling.vocab;

import java.util.ArrayList;
import java.util.List;
import org.lmlab.progress.Progress;
import org.lmlab.scaling.DifferentiableFunction;
import org.lmlab.scaling.FitOptions;
import org.lmlab.scaling.HuberSum;
import org.lmlab.scaling.MultiStart;

/**
 * Huber-in-log fit of a power law {@code ln y = K + a ln x} (δ = 1e-3, the authors' choice), by the
 * shared multi-start L-BFGS. With a fixed exponent only K is fitted; with an anchor (x0, y0) only
 * the exponent, through {@code ln(y/y0) = a ln(x/x0)} (Approach 2's γ).
 */
final class LogPowerFit {

    static final double DELTA = 1e-3;

    private LogPowerFit() {
    }

    /** Free K and exponent (fixedExponent NaN) or K alone at a fixed exponent. */
    static PowerLaw fit(double[] x, double[] y, double fixedExponent) {
        boolean fixed = !Double.isNaN(fixedExponent);
        double[] lx = logs(x);
        double[] ly = logs(y);
        DifferentiableFunction f = new HuberSum(lx.length, null, DELTA) {
            @Override
            protected double residual(double[] theta, int i, double[] g) {
                g[0] = 1;
                if (!fixed) {
                    g[1] = lx[i];
                }
                return theta[0] + (fixed ? fixedExponent : theta[1]) * lx[i] - ly[i];
            }
        };
        List<double[]> starts = new ArrayList<>();
        for (double k = -20; k <= 15; k += 5) {
            if (fixed) {
                starts.add(new double[] {k});
            } else {
                for (double a = 0; a <= 1; a += 0.25) {
                    starts.add(new double[] {k, a});
                }
            }
        }
        double[] best = minimize(f, starts);
        return new PowerLaw(best[0], fixed ? fixedExponent : best[1]);
    }

    /** The exponent a of {@code y/y0 = (x/x0)^a}. */
    static double exponentThrough(double[] x, double[] y, double x0, double y0) {
        double[] lx = logs(x);
        double[] ly = logs(y);
        double lx0 = Math.log(x0);
        double ly0 = Math.log(y0);
        DifferentiableFunction f = new HuberSum(lx.length, null, DELTA) {
            @Override
            protected double residual(double[] theta, int i, double[] g) {
                g[0] = lx[i] - lx0;
                return theta[0] * (lx[i] - lx0) - (ly[i] - ly0);
            }
        };
        return minimize(f, List.of(new double[] {0}, new double[] {0.5}, new double[] {1}))[0];
    }

    private static double[] minimize(DifferentiableFunction f, List<double[]> starts) {
        FitOptions options = FitOptions.defaults();
        return new MultiStart(options.lbfgs(), options.bestTolerance())
                .minimize(f, starts.size(), i -> starts.get(i).clone(), false, Progress.NONE).best().x();
    }

    private static double[] logs(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.log(v[i]);
        }
        return out;
    }
}
