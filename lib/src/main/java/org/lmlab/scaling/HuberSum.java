package org.lmlab.scaling;

import java.util.Arrays;

/**
 * {@code f(θ) = Σ_i w_i Huber_δ(r_i(θ))} with gradient {@code Σ w_i clip(r_i, −δ, δ) ∂r_i/∂θ}, for
 * objectives whose residuals a subclass supplies (log residuals of a {@link ScalingLaw}, the
 * vocabulary law's linear ones).
 */
public abstract class HuberSum implements DifferentiableFunction {

    private final int size;
    private final double[] weights;
    private final double delta;

    /** @param weights one finite weight ≥ 0 per residual (bootstrap counts), or null for all ones */
    protected HuberSum(int size, double[] weights, double delta) {
        if (!(delta > 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("delta must be finite and > 0, got " + delta);
        }
        this.size = size;
        this.weights = Weights.checked(weights, size);
        this.delta = delta;
    }

    /** Residual i at {@code theta}; writes its gradient into {@code gradient}. */
    protected abstract double residual(double[] theta, int i, double[] gradient);

    @Override
    public final double valueAndGradient(double[] theta, double[] gradient) {
        double[] g = new double[theta.length];
        Arrays.fill(gradient, 0);
        double f = 0;
        for (int i = 0; i < size; i++) {
            double w = weights == null ? 1 : weights[i];
            if (w == 0) {
                continue;
            }
            double r = residual(theta, i, g);
            f += w * Huber.value(r, delta);
            double h = w * Huber.slope(r, delta);
            for (int k = 0; k < g.length; k++) {
                gradient[k] += h * g[k];
            }
        }
        return f;
    }
}
