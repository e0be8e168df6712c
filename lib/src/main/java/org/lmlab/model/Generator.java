package org.lmlab.model;

import java.util.Arrays;
import java.util.Set;
import java.util.function.IntConsumer;
import org.lmlab.model.llama.KvCache;
import org.lmlab.model.llama.LlamaDecoder;
import org.lmlab.progress.Cancellation;

/** Autoregressive generation with a KV cache: prefill the prompt once, then one token per step. */
public final class Generator {

    /**
     * Why generation ended: a stop token, the number of tokens asked for, or the model's context
     * (the prompt and the generated tokens fill every position it was loaded with).
     */
    public enum StopReason { STOP_TOKEN, MAX_TOKENS, CONTEXT_FULL }

    /** Generated ids (a stop token that ended generation is included) and why it ended. */
    public record Result(int[] tokens, StopReason reason) {}

    private Generator() {}

    /**
     * Generates up to {@code maxNewTokens} after {@code prompt}; {@code onToken} sees each id as it
     * is chosen (for streaming), and a token in {@code stopTokens} ends generation.
     *
     * @throws Cancellation.CancelledException when a stop is requested (checked before each token)
     */
    public static Result generate(LlamaDecoder decoder, int[] prompt, int maxNewTokens,
            SamplingOptions sampling, Set<Integer> stopTokens, IntConsumer onToken) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt must hold at least one token");
        }
        if (maxNewTokens < 0) {
            throw new IllegalArgumentException("maxNewTokens must be >= 0, got " + maxNewTokens);
        }
        TokenSampler sampler = new TokenSampler(sampling);
        int[] out = new int[maxNewTokens];
        try (KvCache cache = decoder.newCache(prompt.length + maxNewTokens)) {
            float[] logits = decoder.nextLogits(prompt, cache);
            for (int n = 0; n < maxNewTokens; n++) {
                Cancellation.check(); // the cache is closed on the way out, and onToken has seen whole tokens only
                int next = sampler.next(logits);
                out[n] = next;
                if (onToken != null) {
                    onToken.accept(next);
                }
                if (stopTokens.contains(next)) {
                    return new Result(Arrays.copyOf(out, n + 1), StopReason.STOP_TOKEN);
                }
                if (n + 1 < maxNewTokens) {
                    logits = decoder.nextLogits(new int[] {next}, cache);
                }
            }
        }
        return new Result(out, StopReason.MAX_TOKENS);
    }
}
