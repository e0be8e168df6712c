package org.lmlab.scaling;

/**
 * {@code f(θ) = Σ_i w_i Huber_δ(log L̂_θ(N_i, D_i, U_i) − log L_i)} for any {@link ScalingLaw}, with
 * gradient {@code Σ w_i clip(r_i, −δ, δ) ∂ log L̂/∂θ}. Huber as in {@link ChinchillaObjective}
 * (scipy's {@code special.huber}).
 */
public final class HuberLogObjective implements DifferentiableFunction {

    private final ScalingLaw law;
    private final double[] n;
    private final double[] d;
    private final double[] u;
    private final double[] logL;
    private final double[] weights;
    private final double delta;

    public HuberLogObjective(ScalingLaw law, ScalingData data, double[] weights, double delta) {
        if (!(delta > 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("delta must be finite and > 0, got " + delta);
        }
        int size = data.size();
        this.law = law;
        n = new double[size];
        d = new double[size];
        u = new double[size];
        logL = new double[size];
        for (int i = 0; i < size; i++) {
            Run r = data.runs().get(i);
            n[i] = r.params();
            d[i] = r.tokens();
            u[i] = data.unique(i);
            logL[i] = Math.log(r.loss());
        }
        this.weights = Weights.checked(weights, size);
        this.delta = delta;
    }

    @Override
    public double valueAndGradient(double[] theta, double[] gradient) {
        double[] g = new double[theta.length];
        java.util.Arrays.fill(gradient, 0);
        double f = 0;
        for (int i = 0; i < logL.length; i++) {
            double w = weights == null ? 1 : weights[i];
            if (w == 0) {
                continue;
            }
            double r = law.logPredict(theta, n[i], d[i], u[i], g) - logL[i];
            f += w * Huber.value(r, delta);
            double h = w * Huber.slope(r, delta);
            for (int k = 0; k < g.length; k++) {
                gradient[k] += h * g[k];
            }
        }
        return f;
    }
}
