package org.lmlab.scaling;

/** A smooth objective {@code f: R^n -> R} with its gradient. */
@FunctionalInterface
public interface DifferentiableFunction {

    /**
     * Returns {@code f(x)} and writes {@code ∇f(x)} into {@code gradient} (same length as x).
     * Implementations must not keep references to either array.
     */
    double valueAndGradient(double[] x, double[] gradient);
}
