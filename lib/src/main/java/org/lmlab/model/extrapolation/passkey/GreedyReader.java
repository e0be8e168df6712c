package org.lmlab.model.extrapolation.passkey;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.lmlab.model.ChatMl;
import org.lmlab.model.ContextLengthException;
import org.lmlab.model.Generator;
import org.lmlab.model.LanguageModel;
import org.lmlab.model.SamplingOptions;
import org.lmlab.model.llama.LlamaDecoder;
import org.lmlab.model.tokenizer.TextTokenizer;
import org.lmlab.progress.Cancellation;
import org.lmlab.progress.Progress;

/**
 * Greedy continuation of a prompt given as token ids, as the scorers read it: at most
 * {@code maxTokens} new tokens, stopping at the end-of-text or {@code <|im_end|>} token (which is
 * not part of the text).
 */
final class GreedyReader {

    private final LlamaDecoder decoder;
    private final TextTokenizer tokenizer;
    private final int maxTokens;
    /** Positions a prompt plus its answer may use; {@code Integer.MAX_VALUE} for a bare decoder. */
    private final int context;
    private final int trainedContext;
    private final Set<Integer> stop = new HashSet<>();

    GreedyReader(LlamaDecoder decoder, TextTokenizer tokenizer, int maxTokens, int context) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, got " + maxTokens);
        }
        this.decoder = decoder;
        this.tokenizer = tokenizer;
        this.maxTokens = maxTokens;
        this.context = context;
        this.trainedContext = decoder.config().contextLength();
        tokenizer.eos().ifPresent(stop::add);
        tokenizer.special(ChatMl.END).ifPresent(stop::add);
    }

    static GreedyReader of(LanguageModel model, int maxTokens) {
        return new GreedyReader(model.decoder(), model.tokenizer(), maxTokens, model.contextLength());
    }

    int maxTokens() {
        return maxTokens;
    }

    /** The continuation's text and how many tokens it took (a stop token counted). */
    Reading read(int[] prompt, String what) {
        return read(prompt, what, Progress.NONE);
    }

    /**
     * As {@link #read(int[], String)}, reporting tokens to {@code progress}: the prompt's when its
     * pass is done (with the first new token), then one per new token. Stops at
     * {@link Cancellation#check()} before the prompt's pass and before each new token.
     */
    Reading read(int[] prompt, String what, Progress progress) {
        long needed = (long) prompt.length + maxTokens;
        if (needed > context) {
            throw new ContextLengthException(what + " of " + prompt.length + " tokens and its " + maxTokens
                    + "-token answer", (int) Math.min(needed, Integer.MAX_VALUE), context, trainedContext);
        }
        long started = System.nanoTime();
        Generator.Result result;
        progress.start(prompt.length + (long) maxTokens, what + " of " + prompt.length + " tokens");
        try {
            Cancellation.check();
            boolean[] prefilled = {false};
            result = Generator.generate(decoder, prompt, maxTokens, SamplingOptions.greedy(), stop, id -> {
                progress.step(prefilled[0] ? 1 : prompt.length + 1L);
                prefilled[0] = true;
            });
        } finally {
            progress.done();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        int[] tokens = result.tokens();
        int kept = result.reason() == Generator.StopReason.STOP_TOKEN ? tokens.length - 1 : tokens.length;
        return new Reading(tokenizer.decode(Arrays.copyOf(tokens, kept)), tokens.length, seconds);
    }

    record Reading(String text, int tokens, double seconds) {
    }
}
