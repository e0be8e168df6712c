package org.lmlab.scaling;

/**
 * {@code f(θ) = Σ_i w_i Huber_δ(log L̂_θ(N_i, D_i, U_i) − log L_i)} for any {@link ScalingLaw}, with
 * gradient {@code Σ w_i clip(r_i, −δ, δ) ∂ log L̂/∂θ}. Huber as in {@link ChinchillaObjective}
 * (scipy's {@code special.huber}).
 */
public final class HuberLogObjective extends HuberSum {

    private final ScalingLaw law;
    private final double[] n;
    private final double[] d;
    private final double[] u;
    private final double[] logL;

    public HuberLogObjective(ScalingLaw law, ScalingData data, double[] weights, double delta) {
        super(data.size(), weights, delta);
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
    }

    @Override
    protected double residual(double[] theta, int i, double[] gradient) {
        return law.logPredict(theta, n[i], d[i], u[i], gradient) - logL[i];
    }
}
