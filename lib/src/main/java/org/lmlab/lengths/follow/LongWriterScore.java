package org.lmlab.lengths.follow;

/**
 * LongWriter's length score S_l (Bai et al. 2024, "LongWriter: Unleashing 10,000+ Word Generation from Long
 * Context LLMs", LongBench-Write; {@code evaluation/eval_length.py} of github.com/THUDM/LongWriter): for required
 * length l and output length l', {@code 100 · max(0, 1 − (l'/l − 1)/3)} when l' &gt; l, else
 * {@code 100 · max(0, 1 − (l/l' − 1)/2)}; overshooting is penalised less than falling short.
 */
public final class LongWriterScore {

    private LongWriterScore() {
    }

    /**
     * S_l of one response; an empty output (l' = 0) scores 0.
     *
     * @throws IllegalArgumentException unless {@code required} is positive and {@code produced} non-negative, both
     *     finite
     */
    public static double score(double required, double produced) {
        if (!(required > 0) || Double.isInfinite(required)) {
            throw new IllegalArgumentException("required length must be positive and finite, got " + required);
        }
        if (!(produced >= 0) || Double.isInfinite(produced)) {
            throw new IllegalArgumentException("output length must be non-negative and finite, got " + produced);
        }
        if (produced > required) {
            return 100 * Math.max(0, 1 - (produced / required - 1) / 3);
        }
        if (produced == 0) {
            return 0;
        }
        return 100 * Math.max(0, 1 - (required / produced - 1) / 2);
    }

    /** The mean S_l, LongBench-Write's reported score. */
    public static double mean(double[] required, double[] produced) {
        if (required.length != produced.length || required.length == 0) {
            throw new IllegalArgumentException("need equally many (and some) required and output lengths, got "
                    + required.length + " and " + produced.length);
        }
        double s = 0;
        for (int i = 0; i < required.length; i++) {
            try {
                s += score(required[i], produced[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("at index " + i + ": " + e.getMessage(), e);
            }
        }
        return s / required.length;
    }
}
