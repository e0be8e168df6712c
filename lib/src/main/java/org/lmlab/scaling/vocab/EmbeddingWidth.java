package org.lmlab.scaling.vocab;

/**
 * The embedding width d the authors assume for a model of N_nv non-vocabulary parameters when they
 * turn vocabulary parameters N_v into a vocabulary size V = N_v/d (their utils.Nnv_to_d: 512 up to
 * 50M, … 8192 up to 100B, 24576 above 1T).
 */
public final class EmbeddingWidth {

    private static final double[] UPPER = {50e6, 200e6, 500e6, 1e9, 2e9, 5e9, 10e9, 20e9, 50e9, 100e9, 200e9, 500e9, 1e12};
    private static final int[] WIDTH = {512, 768, 1024, 1536, 2048, 3200, 4096, 5120, 6048, 8192, 12288, 16384, 20480};

    private EmbeddingWidth() {
    }

    /** d for {@code nonVocabParams} (the first band whose upper bound it does not exceed). */
    public static double of(double nonVocabParams) {
        VocabRun.positive("non-vocabulary parameters", nonVocabParams);
        for (int i = 0; i < UPPER.length; i++) {
            if (nonVocabParams <= UPPER[i]) {
                return WIDTH[i];
            }
        }
        return 24576;
    }
}
