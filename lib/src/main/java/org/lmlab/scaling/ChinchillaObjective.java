package org.lmlab.scaling;

import java.util.List;

/**
 * The Approach-3 objective of Hoffmann et al. 2022 (as replicated by Besiroglu et al. 2024):
 * <pre>
 *   f(a, b, e, α, β) = Σ_i Huber_δ( LSE(a − α log N_i, b − β log D_i, e) − log L_i )
 * </pre>
 * with {@code Huber_δ(r) = r²/2} for {@code |r| ≤ δ} and {@code δ(|r| − δ/2)} otherwise (scipy's
 * {@code special.huber}), natural logs, summed over runs. The gradient is analytic: with the
 * softmax weights {@code w_j} of the three LSE terms and {@code h = Huber'_δ(r) = clip(r, −δ, δ)},
 * {@code ∂/∂a = Σ h w₁}, {@code ∂/∂b = Σ h w₂}, {@code ∂/∂e = Σ h w₃},
 * {@code ∂/∂α = −Σ h w₁ log N}, {@code ∂/∂β = −Σ h w₂ log D}.
 */
public final class ChinchillaObjective implements DifferentiableFunction {

    /** The Huber threshold used by Hoffmann et al. and the replication. */
    public static final double DEFAULT_DELTA = 1e-3;

    private final double[] logN;
    private final double[] logD;
    private final double[] logL;
    private final double[] weights;
    private final double delta;

    public ChinchillaObjective(List<Run> runs, double delta) {
        this(runs, null, delta);
    }

    /**
     * A weighted objective {@code Σ w_i Huber(r_i)}: with bootstrap counts as weights it equals the
     * objective of the resampled list (each run repeated w_i times) at a fraction of the cost.
     *
     * @param weights one finite weight &ge; 0 per run, or null for all ones
     */
    public ChinchillaObjective(List<Run> runs, double[] weights, double delta) {
        if (!(delta > 0) || !Double.isFinite(delta)) {
            throw new IllegalArgumentException("delta must be finite and > 0, got " + delta);
        }
        List<Run> checked = Runs.checked(runs);
        int n = checked.size();
        logN = new double[n];
        logD = new double[n];
        logL = new double[n];
        for (int i = 0; i < n; i++) {
            Run r = checked.get(i);
            logN[i] = Math.log(r.params());
            logD[i] = Math.log(r.tokens());
            logL[i] = Math.log(r.loss());
        }
        this.weights = Weights.checked(weights, n);
        this.delta = delta;
    }

    public ChinchillaObjective(List<Run> runs) {
        this(runs, DEFAULT_DELTA);
    }

    public int size() {
        return logL.length;
    }

    public double delta() {
        return delta;
    }

    /** The objective at {@code p}. */
    public double value(ChinchillaParams p) {
        return valueAndGradient(p.toArray(), new double[5]);
    }

    @Override
    public double valueAndGradient(double[] x, double[] g) {
        double a = x[0];
        double b = x[1];
        double e = x[2];
        double alpha = x[3];
        double beta = x[4];
        double f = 0;
        double ga = 0;
        double gb = 0;
        double ge = 0;
        double gal = 0;
        double gbe = 0;
        for (int i = 0; i < logL.length; i++) {
            double t1 = a - alpha * logN[i];
            double t2 = b - beta * logD[i];
            double m = Math.max(t1, Math.max(t2, e));
            double x1 = Math.exp(t1 - m);
            double x2 = Math.exp(t2 - m);
            double x3 = Math.exp(e - m);
            double s = x1 + x2 + x3;
            double r = m + Math.log(s) - logL[i];
            double w = weights == null ? 1 : weights[i];
            f += w * Huber.value(r, delta);
            double h = w * Huber.slope(r, delta);
            double w1 = h * x1 / s;
            double w2 = h * x2 / s;
            ga += w1;
            gb += w2;
            ge += h * x3 / s;
            gal -= w1 * logN[i];
            gbe -= w2 * logD[i];
        }
        g[0] = ga;
        g[1] = gb;
        g[2] = ge;
        g[3] = gal;
        g[4] = gbe;
        return f;
    }

    /** {@code log(exp(x) + exp(y) + exp(z))} without overflow. */
    public static double logSumExp(double x, double y, double z) {
        double m = Math.max(x, Math.max(y, z));
        return m + Math.log(Math.exp(x - m) + Math.exp(y - m) + Math.exp(z - m));
    }
}
