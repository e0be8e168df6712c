package org.lmlab.model;

/**
 * How the next token is chosen from the logits.
 *
 * @param temperature 0 means greedy (argmax); otherwise logits are divided by it
 * @param topK        keep the k most likely tokens (0 = all)
 * @param topP        keep the smallest set whose probability reaches p (1 = all)
 * @param seed        random seed: the same seed and inputs give the same tokens
 */
public record SamplingOptions(double temperature, int topK, double topP, long seed) {

    public SamplingOptions {
        if (!(temperature >= 0) || topK < 0 || !(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException(
                    "need temperature >= 0, topK >= 0, 0 < topP <= 1; got " + temperature + ", " + topK + ", " + topP);
        }
    }

    public static SamplingOptions greedy() {
        return new SamplingOptions(0, 0, 1, 0);
    }

    public static SamplingOptions sample(double temperature, int topK, double topP, long seed) {
        return new SamplingOptions(temperature, topK, topP, seed);
    }

    public boolean isGreedy() {
        return temperature == 0;
    }
}
