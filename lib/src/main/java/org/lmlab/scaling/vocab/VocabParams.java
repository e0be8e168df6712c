package org.lmlab.scaling.vocab;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parameters of the vocabulary loss law of Tao et al. 2024 (their Approach 3):
 * {@code L_u = −E + A1/N_nv^α1 + A2/N_v^α2 + B/D^β}, with N_nv and N_v = V·d in millions and D in
 * billions of tokens (the units of the authors' fit, so their constants read directly).
 */
public record VocabParams(double a1, double a2, double b, double e, double alpha1, double alpha2, double beta) {

    /** Parameters per million; tokens per billion: the units the law is written in. */
    public static final double PARAM_UNIT = 1e6;
    public static final double TOKEN_UNIT = 1e9;

    /**
     * The constants released with the paper's code (sail-sg/scaling-with-vocab, optimal_Nv_predict.py,
     * commit 6701cc2): fitted on their 1,200 checkpoints with α1 tied to β.
     */
    public static VocabParams published() {
        return new VocabParams(1.8313851559554126, 0.19584238398665638, 2.1241123120064955, 5.5327846803337435,
                0.44660634152009615, 0.6707374679896795, 0.44660634152009615);
    }

    /** Predicted unigram-normalised loss for N_nv, N_v (counts) and D (tokens). */
    public double predict(double nonVocabParams, double vocabParams, double tokens) {
        return a1 * Math.pow(nonVocabParams / PARAM_UNIT, -alpha1) + a2 * Math.pow(vocabParams / PARAM_UNIT, -alpha2)
                + b * Math.pow(tokens / TOKEN_UNIT, -beta) - e;
    }

    /** By name: A1, A2, B, E, alpha1, alpha2, beta. */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("A1", a1);
        m.put("A2", a2);
        m.put("B", b);
        m.put("E", e);
        m.put("alpha1", alpha1);
        m.put("alpha2", alpha2);
        m.put("beta", beta);
        return m;
    }

    /** {@code L_u = −5.533 + 1.831/N_nv^0.4466 + 0.1958/N_v^0.6707 + 2.124/D^0.4466}. */
    public String formula() {
        return String.format(Locale.ROOT, "L_u = -%.4g + %.4g/N_nv^%.4g + %.4g/N_v^%.4g + %.4g/D^%.4g"
                + "  (N in millions, D in billions of tokens)", e, a1, alpha1, a2, alpha2, b, beta);
    }
}
