package org.lmlab.lengths.sampling;

import org.lmlab.model.SamplingOptions;

/**
 * How responses are sampled for a length table.
 *
 * @param k           samples per prompt (CASTILLO: 10)
 * @param maxTokens   most new tokens per sample
 * @param temperature 0 means greedy (every sample of a prompt is then the same)
 * @param topK        keep the k most likely tokens (0 = all)
 * @param topP        nucleus mass (1 = all)
 * @param seed        the run's seed; each sample's own seed is derived from it ({@link SampleSeeds})
 * @param chat        wrap each prompt in the model's chat template
 */
public record SampleSettings(int k, int maxTokens, double temperature, int topK, double topP, long seed,
        boolean chat) {

    public SampleSettings {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1 sample per prompt, got " + k);
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("max tokens must be at least 1, got " + maxTokens);
        }
        SamplingOptions.sample(temperature, topK, topP, seed); // checks the ranges
    }

    /** The sampling options of sample {@code sample} of prompt {@code promptId}: these settings, its own seed. */
    public SamplingOptions sampling(String promptId, int sample) {
        return SamplingOptions.sample(temperature, topK, topP, SampleSeeds.derive(seed, promptId, sample));
    }
}
