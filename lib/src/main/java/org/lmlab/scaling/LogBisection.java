package org.lmlab.scaling;

import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * Root of a function of a positive quantity (a model size, a vocabulary) that changes sign once
 * from negative to positive, by bisection in ln x: the quantities span many orders of magnitude,
 * and bisection needs no derivative and cannot leave the bracket.
 */
public final class LogBisection {

    private LogBisection() {
    }

    /**
     * The x in [lo, hi] where {@code g} crosses zero upwards, to machine precision.
     *
     * @throws IllegalArgumentException when g does not change sign from − to + on [lo, hi]
     */
    public static double increasing(DoubleUnaryOperator g, double lo, double hi) {
        double a = Math.log(lo);
        double b = Math.log(hi);
        double ga = g.applyAsDouble(lo);
        double gb = g.applyAsDouble(hi);
        if (!(ga < 0 && gb > 0)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "the function does not change sign from - to + between %.3g and %.3g (%.3g and %.3g there)",
                    lo, hi, ga, gb));
        }
        for (int i = 0; i < 200 && b - a > 1e-15 * Math.max(1, Math.abs(a)); i++) {
            double m = 0.5 * (a + b);
            if (g.applyAsDouble(Math.exp(m)) < 0) {
                a = m;
            } else {
                b = m;
            }
        }
        return Math.exp(0.5 * (a + b));
    }
}
