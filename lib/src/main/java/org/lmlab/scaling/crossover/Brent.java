package org.lmlab.scaling.crossover;

import java.util.function.DoubleUnaryOperator;

/**
 * Brent's bracketing root finder (Brent 1973, ch. 4: inverse quadratic interpolation, secant and
 * bisection steps), with scipy.optimize.brentq's stopping rule {@code |step| ≤ xtol + rtol·|x|}.
 */
public final class Brent {

    private Brent() {
    }

    /** A root of {@code f} in {@code [a, b]}, where {@code f(a)} and {@code f(b)} differ in sign. */
    public static double root(DoubleUnaryOperator f, double a, double b, double xtol, double rtol, int maxIterations) {
        double fa = f.applyAsDouble(a);
        double fb = f.applyAsDouble(b);
        if (fa == 0) {
            return a;
        }
        if (fb == 0) {
            return b;
        }
        if (!(fa * fb < 0)) {
            throw new IllegalArgumentException("f(a) and f(b) must have opposite signs, got " + fa + " and " + fb);
        }
        double c = a;
        double fc = fa;
        double d = b - a;
        double e = d;
        for (int i = 0; i < maxIterations; i++) {
            if (fb * fc > 0) { // keep the root between b and c
                c = a;
                fc = fa;
                d = b - a;
                e = d;
            }
            if (Math.abs(fc) < Math.abs(fb)) { // b is the best estimate
                a = b;
                b = c;
                c = a;
                fa = fb;
                fb = fc;
                fc = fa;
            }
            double tol = xtol + rtol * Math.abs(b);
            double m = (c - b) / 2;
            if (Math.abs(m) <= tol || fb == 0) {
                return b;
            }
            if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
                double p;
                double q;
                double s = fb / fa;
                if (a == c) { // secant
                    p = 2 * m * s;
                    q = 1 - s;
                } else { // inverse quadratic interpolation
                    double qa = fa / fc;
                    double r = fb / fc;
                    p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1));
                    q = (qa - 1) * (r - 1) * (s - 1);
                }
                if (p > 0) {
                    q = -q;
                } else {
                    p = -p;
                }
                if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
                    e = d;
                    d = p / q;
                } else {
                    d = m;
                    e = m;
                }
            } else {
                d = m;
                e = m;
            }
            a = b;
            fa = fb;
            b += Math.abs(d) > tol ? d : Math.copySign(tol, m);
            fb = f.applyAsDouble(b);
        }
        throw new IllegalStateException("Brent's method did not converge in " + maxIterations + " iterations");
    }
}
