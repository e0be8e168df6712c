package org.lmlab.scaling;

/**
 * Compute-optimal allocation under {@code C = 6 N D} for a Chinchilla law (Hoffmann et al. 2022, eq. 4):
 * <pre>
 *   N_opt(C) = G (C/6)^{β/(α+β)},  D_opt(C) = G^{-1} (C/6)^{α/(α+β)},  G = (αA / (βB))^{1/(α+β)}
 * </pre>
 */
public final class ComputeOptimal {

    /** An optimal split of a FLOP budget. */
    public record Allocation(double flops, double params, double tokens) {

        /** {@code D_opt / N_opt}. */
        public double tokensPerParam() {
            return tokens / params;
        }
    }

    private final ChinchillaParams law;

    public ComputeOptimal(ChinchillaParams law) {
        if (!(law.alpha() > 0 && law.beta() > 0)) {
            throw new IllegalArgumentException("alpha and beta must be > 0 for a compute-optimal allocation, got "
                    + law);
        }
        this.law = law;
    }

    /** {@code G = (αA/(βB))^{1/(α+β)}}, computed in log space. */
    public double g() {
        double al = law.alpha();
        double be = law.beta();
        return Math.exp((Math.log(al / be) + law.a() - law.b()) / (al + be));
    }

    /** The optimal allocation of {@code flops} (finite, &gt; 0). */
    public Allocation at(double flops) {
        if (!(flops > 0) || !Double.isFinite(flops)) {
            throw new IllegalArgumentException("flops must be finite and > 0, got " + flops);
        }
        double al = law.alpha();
        double be = law.beta();
        double g = g();
        double c6 = flops / 6;
        return new Allocation(flops, g * Math.pow(c6, be / (al + be)), Math.pow(c6, al / (al + be)) / g);
    }
}
