package org.lmlab.scaling.vocab;

/**
 * One training run (or checkpoint) of a vocabulary-scaling study (Tao et al. 2024).
 *
 * @param nonVocabParams non-vocabulary parameters N_nv (everything but the input and output embeddings)
 * @param vocabSize      vocabulary size V
 * @param embedDim       embedding width d, so the vocabulary parameters are N_v = V·d
 * @param tokens         training tokens D
 * @param lossU          unigram-normalised loss L_u (usually negative, so fitted without logarithms)
 */
public record VocabRun(double nonVocabParams, double vocabSize, double embedDim, double tokens, double lossU) {

    public VocabRun {
        positive("non-vocabulary parameters", nonVocabParams);
        positive("vocabulary size", vocabSize);
        positive("embedding width", embedDim);
        positive("tokens", tokens);
        if (!Double.isFinite(lossU)) {
            throw new IllegalArgumentException("unigram-normalised loss must be finite, got " + lossU);
        }
    }

    static void positive(String what, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be finite and > 0, got " + v);
        }
    }

    /** Vocabulary parameters N_v = V·d (one embedding matrix, as the paper counts them). */
    public double vocabParams() {
        return vocabSize * embedDim;
    }

    /** Training compute as the paper counts it: C = 6 (N_nv + N_v) D. */
    public double flops() {
        return 6 * (nonVocabParams + vocabParams()) * tokens;
    }
}
