package org.lmlab.scaling.vocab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The vocabulary loss law in fitting coordinates. {@code θ = (a1, a2, b, e, α1, α2, β)} with
 * {@code A1 = exp(a1)} etc.; when {@link #tied()} α1 is tied to β, as the authors fit it, and
 * {@code θ = (a1, a2, b, e, α2, β)}. The residual is taken on L_u itself, not its log: L_u is
 * negative (it is log-likelihood relative to a unigram model), so the authors fit it linearly.
 */
public record VocabLaw(boolean tied) {

    public static VocabLaw tiedExponents() {
        return new VocabLaw(true);
    }

    public List<String> parameterNames() {
        return tied ? List.of("a1", "a2", "b", "e", "alpha2", "beta")
                : List.of("a1", "a2", "b", "e", "alpha1", "alpha2", "beta");
    }

    public int parameterCount() {
        return tied ? 6 : 7;
    }

    /** The natural parameters of {@code theta}. */
    public VocabParams params(double[] theta) {
        double alpha1 = tied ? theta[5] : theta[4];
        return new VocabParams(Math.exp(theta[0]), Math.exp(theta[1]), Math.exp(theta[2]), Math.exp(theta[3]), alpha1,
                theta[tied ? 4 : 5], theta[tied ? 5 : 6]);
    }

    /** The fitting coordinates of {@code p} (its α1 is dropped when tied). */
    public double[] theta(VocabParams p) {
        double[] head = {Math.log(p.a1()), Math.log(p.a2()), Math.log(p.b()), Math.log(p.e())};
        return tied ? new double[] {head[0], head[1], head[2], head[3], p.alpha2(), p.beta()}
                : new double[] {head[0], head[1], head[2], head[3], p.alpha1(), p.alpha2(), p.beta()};
    }

    /**
     * L̂_u at scaled inputs {@code n = ln(N_nv/1e6)}, {@code v = ln(N_v/1e6)}, {@code t = ln(D/1e9)};
     * with a non-null {@code gradient}, writes ∂L̂_u/∂θ into it.
     */
    double predictScaled(double[] theta, double n, double v, double t, double[] gradient) {
        int ia1 = tied ? 5 : 4;
        int ia2 = tied ? 4 : 5;
        int ib = tied ? 5 : 6;
        double x1 = Math.exp(theta[0] - theta[ia1] * n);
        double x2 = Math.exp(theta[1] - theta[ia2] * v);
        double x3 = Math.exp(theta[2] - theta[ib] * t);
        double x4 = Math.exp(theta[3]);
        if (gradient != null) {
            Arrays.fill(gradient, 0);
            gradient[0] = x1;
            gradient[1] = x2;
            gradient[2] = x3;
            gradient[3] = -x4;
            gradient[ia1] += -n * x1;
            gradient[ia2] += -v * x2;
            gradient[ib] += -t * x3;
        }
        return x1 + x2 + x3 - x4;
    }

    /** Default multi-start grid: a1, a2, b ∈ {0, 2.5, 5}, e ∈ {0, 2}, each exponent ∈ {0.2, 0.5, 0.8}. */
    public List<double[]> startGrid() {
        double[] scales = {0, 2.5, 5};
        double[] offsets = {0, 2};
        double[] exps = {0.2, 0.5, 0.8};
        ArrayList<double[]> starts = new ArrayList<>();
        for (double a1 : scales) {
            for (double a2 : scales) {
                for (double b : scales) {
                    for (double e : offsets) {
                        for (double x : exps) {
                            for (double y : exps) {
                                if (tied) {
                                    starts.add(new double[] {a1, a2, b, e, x, y});
                                } else {
                                    for (double z : exps) {
                                        starts.add(new double[] {a1, a2, b, e, z, x, y});
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return starts;
    }
}
