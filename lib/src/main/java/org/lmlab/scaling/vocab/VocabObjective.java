package org.lmlab.scaling.vocab;

import org.lmlab.scaling.HuberSum;

/**
 * {@code f(θ) = Σ_i w_i Huber_δ(L̂_u(θ; N_nv,i, N_v,i, D_i) − L_u,i)}, the authors' objective
 * (scipy's {@code special.huber}, δ = 1e-3 by default), with its analytic gradient.
 */
public final class VocabObjective extends HuberSum {

    private final VocabLaw law;
    private final double[] n;
    private final double[] v;
    private final double[] t;
    private final double[] loss;

    /** @param weights per-run weights (bootstrap counts), or null for all ones */
    public VocabObjective(VocabLaw law, VocabData data, double[] weights, double delta) {
        super(data.size(), weights, delta);
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
    }

    @Override
    protected double residual(double[] theta, int i, double[] gradient) {
        return law.predictScaled(theta, n[i], v[i], t[i], gradient) - loss[i];
    }
}
