package org.lmlab.model.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lmlab.model.Scorer;
import org.lmlab.model.TokenSampler;
import org.lmlab.model.safetensors.SafetensorsTensorSource;

/**
 * Our DJL decoder against an independent float64 numpy implementation of the same LLaMA math on
 * the same dequantised SmolLM2 weights: all-position logits, blockwise attention and incremental
 * decoding through the KV cache.
 */
class LlamaDecoderNumpyTest {

    /** Fixed token ids (no tokenizer needed): an English sentence in SmolLM2's vocabulary. */
    static final int[] PROMPT = {504, 3458, 282, 4649, 314, 7042, 30, 378, 1029, 282, 260, 1230};

    /** F32 against float64 over 30 layers: logits are O(10), so 1e-3 absolute is ~1e-4 relative. */
    static final double TOLERANCE = 1e-3;

    static LlamaDecoder decoder;
    static double[][] reference;

    @BeforeAll
    static void load() throws Exception {
        try (SafetensorsTensorSource source = SafetensorsTensorSource.open(SmolLm2Fixture.safetensors())) {
            // small query blocks so the 12-token prompt crosses block boundaries
            decoder = LlamaDecoder.load(source, Device.cpu(), DecoderOptions.defaults().withQueryBlock(5));
        }
        reference = SmolLm2Fixture.numpyLogits(PROMPT, decoder.config().vocabSize());
    }

    @AfterAll
    static void close() {
        decoder.close();
    }

    static double maxAbsDiff(float[] ours, double[] ref) {
        double max = 0;
        for (int i = 0; i < ref.length; i++) {
            max = Math.max(max, Math.abs(ours[i] - ref[i]));
        }
        return max;
    }

    static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void allPositionLogitsMatchNumpy() {
        float[][] ours = decoder.logits(PROMPT);
        double worst = 0;
        for (int i = 0; i < PROMPT.length; i++) {
            worst = Math.max(worst, maxAbsDiff(ours[i], reference[i]));
            assertTrue(TokenSampler.argmax(ours[i]) == argmax(reference[i]), "argmax differs at position " + i);
        }
        System.out.printf("max |logit - numpy float64| over %d positions: %.3g%n", PROMPT.length, worst);
        assertTrue(worst < TOLERANCE, "max abs logit difference " + worst);
    }

    @Test
    void incrementalDecodingMatchesNumpy() {
        int prefill = 7;
        double worst = 0;
        try (KvCache cache = decoder.newCache(4)) { // starts small: exercises growth too
            float[] last = decoder.nextLogits(Arrays.copyOf(PROMPT, prefill), cache);
            worst = Math.max(worst, maxAbsDiff(last, reference[prefill - 1]));
            for (int i = prefill; i < PROMPT.length; i++) {
                last = decoder.nextLogits(new int[] {PROMPT[i]}, cache);
                worst = Math.max(worst, maxAbsDiff(last, reference[i]));
            }
            assertArrayEquals(new int[] {PROMPT.length}, new int[] {cache.length()});
        }
        System.out.printf("max |logit - numpy float64| with KV cache: %.3g%n", worst);
        assertTrue(worst < TOLERANCE, "max abs logit difference " + worst);
    }

    @Test
    void tokenLogProbsMatchNumpyLogSoftmax() {
        double[] ours = Scorer.tokenLogProbs(decoder, PROMPT);
        double worst = 0;
        for (int i = 0; i + 1 < PROMPT.length; i++) {
            double[] row = reference[i];
            double max = Arrays.stream(row).max().orElseThrow();
            double logSum = max + Math.log(Arrays.stream(row).map(v -> Math.exp(v - max)).sum());
            worst = Math.max(worst, Math.abs(ours[i] - (row[PROMPT[i + 1]] - logSum)));
        }
        System.out.printf("max |log p - numpy float64|: %.3g%n", worst);
        assertTrue(worst < TOLERANCE, "max abs log-probability difference " + worst);
    }
}
