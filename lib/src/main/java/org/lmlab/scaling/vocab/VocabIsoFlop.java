package org.lmlab.scaling.vocab;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Approach 1 of Tao et al. 2024: the compute-optimal frontier of the runs (each run whose L_u is
 * below that of every run of less compute), then Huber-in-log power laws of its N_nv, N_v and D
 * against C = 6 (N_nv + N_v) D.
 *
 * @param nonVocab N_nv,opt(C)
 * @param vocab    N_v,opt(C)
 * @param tokens   D_opt(C); null for {@link #published()} (the authors released no token constant)
 * @param frontier the runs the laws were fitted to, by increasing compute (empty for published)
 */
public record VocabIsoFlop(PowerLaw nonVocab, PowerLaw vocab, PowerLaw tokens, List<VocabRun> frontier) {

    public VocabIsoFlop {
        frontier = List.copyOf(frontier);
    }

    /**
     * The released fit (optimal_Nv_predict.py): N_nv = e^−2.4847 C^0.5 (exponent fixed at 0.5, as for
     * Chinchilla), N_v = e^−1.5890 C^0.41636.
     */
    public static VocabIsoFlop published() {
        return new VocabIsoFlop(new PowerLaw(-2.4846510161625193, 0.5),
                new PowerLaw(-1.589031299255507, 0.4163622634135234), null, List.of());
    }

    /**
     * Fits the three power laws on the frontier of {@code data}.
     *
     * @param halfExponents fix the N_nv and D exponents at 0.5, as the authors do (only N_v's is free)
     * @throws IllegalArgumentException when the frontier has fewer than 3 runs
     */
    public static VocabIsoFlop fit(VocabData data, boolean halfExponents) {
        List<VocabRun> frontier = frontier(data);
        if (frontier.size() < 3) {
            throw new IllegalArgumentException("the compute-optimal frontier has " + frontier.size()
                    + " runs; Approach 1 needs at least 3 (give runs at more compute budgets)");
        }
        int n = frontier.size();
        double[] c = new double[n];
        double[] nnv = new double[n];
        double[] nv = new double[n];
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            VocabRun r = frontier.get(i);
            c[i] = r.flops();
            nnv[i] = r.nonVocabParams();
            nv[i] = r.vocabParams();
            d[i] = r.tokens();
        }
        double fixed = halfExponents ? 0.5 : Double.NaN;
        return new VocabIsoFlop(LogPowerFit.fit(c, nnv, fixed), LogPowerFit.fit(c, nv, Double.NaN),
                LogPowerFit.fit(c, d, fixed), frontier);
    }

    /** Runs sorted by compute whose loss is below that of every run with less compute (ties: first kept). */
    public static List<VocabRun> frontier(VocabData data) {
        List<VocabRun> sorted = new ArrayList<>(data.runs());
        sorted.sort(Comparator.comparingDouble(VocabRun::flops));
        List<VocabRun> out = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        for (VocabRun r : sorted) {
            if (r.lossU() < best) {
                best = r.lossU();
                out.add(r);
            }
        }
        return out;
    }

    /** Optimal vocabulary size at {@code flops} with embedding width {@code embedDim}: N_v,opt(C)/d. */
    public double vocabSize(double flops, double embedDim) {
        return vocab.at(flops) / embedDim;
    }
}
