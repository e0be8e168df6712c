package org.lmlab.scaling.vocab;

import org.lmlab.scaling.DifferentiableFunction;
import org.lmlab.scaling.Huber;

/**
 * {@code f(θ) = Σ_i w_i Huber_δ(L̂_u(θ; N_nv,i, N_v,i, D_i) − L_u,i)}, the authors' objective
 * (scipy's {@code special.huber}, δ = 1e-3 by default), with its analytic gradient.
 */
public final class VocabObjective implements DifferentiableFunction {

    private final VocabLaw law;
    private final double[] n;
    private final double[] v;
    private final double[] t;
    private final double[] loss;
    private final double[] weights;
    private final double delta;

    /** @param weights per-run weights (bootstrap counts), or null for all ones */
    public VocabObjective(VocabLaw law, VocabData data, double[] weights, double delta) {
        if (!(delta > 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("delta must be finite and > 0, got " + delta);
        }
        if (weights != null && weights.length != data.size()) {
            throw new IllegalArgumentException("expected " + data.size() + " weights, got " + weights.length);
        }
        int size = data.size();
        this.law = law;
        n = new double[size];
        v = new double[size];
        t = new double[size];
        loss = new double[size];
        for (int i = 0; i < size; i++) {
            VocabRun r = data.runs().get(i);
            n[i] = Math.log(r.nonVocabParams() / VocabParams.PARAM_UNIT);
            v[i] = Math.log(r.vocabParams() / VocabParams.PARAM_UNIT);
            t[i] = Math.log(r.tokens() / VocabParams.TOKEN_UNIT);
            loss[i] = r.lossU();
        }
        this.weights = weights == null ? null : weights.clone();
        this.delta = delta;
    }

    @Override
    public double valueAndGradient(double[] theta, double[] gradient) {
        double[] g = new double[theta.length];
        java.util.Arrays.fill(gradient, 0);
        double f = 0;
        for (int i = 0; i < loss.length; i++) {
            double w = weights == null ? 1 : weights[i];
            if (w == 0) {
                continue;
            }
            double r = law.predictScaled(theta, n[i], v[i], t[i], g) - loss[i];
            f += w * Huber.value(r, delta);
            double h = w * Huber.slope(r, delta);
            for (int k = 0; k < g.length; k++) {
                gradient[k] += h * g[k];
            }
        }
        return f;
    }
}
