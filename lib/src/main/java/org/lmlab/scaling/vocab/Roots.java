package org.lmlab.scaling.vocab;

import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import org.lmlab.scaling.LogBisection;

/** The vocabulary where a derivative crosses zero upwards, with the approaches' own error message. */
final class Roots {

    private Roots() {
    }

    /**
     * The x in [lo, hi] where the derivative {@code g} crosses zero upwards, to machine precision.
     *
     * @throws IllegalArgumentException when g does not change sign from − to + on [lo, hi]
     */
    static double increasing(DoubleUnaryOperator g, double lo, double hi) {
        double ga = g.applyAsDouble(lo);
        double gb = g.applyAsDouble(hi);
        if (!(ga < 0 && gb > 0)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "no optimum between %.3g and %.3g (the derivative is %.3g and %.3g there)", lo, hi, ga, gb));
        }
        return LogBisection.increasing(g, lo, hi);
    }
}
