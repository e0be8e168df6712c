package org.lmlab.model;

import java.util.Arrays;
import org.lmlab.model.llama.KvCache;
import org.lmlab.model.llama.LlamaDecoder;
import org.lmlab.progress.Cancellation;
import org.lmlab.progress.Progress;

/** Log-likelihood scoring of token sequences with a decoder. */
public final class Scorer {

    private Scorer() {}

    /**
     * {@code log p(ids[i+1] | ids[0..i])} for i = 0 .. n-2, in one forward pass (natural log).
     * The first token has no prediction and is not scored.
     */
    public static double[] tokenLogProbs(LlamaDecoder decoder, int[] ids) {
        if (ids.length < 2) {
            throw new IllegalArgumentException("need at least 2 tokens to score, got " + ids.length);
        }
        int[] targets = new int[ids.length];
        System.arraycopy(ids, 1, targets, 0, ids.length - 1);
        targets[ids.length - 1] = -1;
        try (KvCache cache = decoder.newCache(ids.length)) {
            return Arrays.copyOf(decoder.targetLogProbs(ids, targets, cache), ids.length - 1);
        }
    }

    /**
     * Perplexity by Hugging Face's fixed-length-model protocol: windows of {@code window} tokens
     * starting every {@code stride} tokens; each window scores only the tokens that no earlier
     * window scored, with the rest of the window as context. stride = window gives disjoint
     * windows; a smaller stride gives each scored token more context.
     */
    public static Perplexity perplexity(LlamaDecoder decoder, int[] ids, int window, int stride) {
        return perplexity(decoder, ids, window, stride, Progress.NONE);
    }

    /**
     * As {@link #perplexity(LlamaDecoder, int[], int, int)}, reporting one unit per window; stops between windows
     * when {@link Cancellation} asks.
     */
    public static Perplexity perplexity(LlamaDecoder decoder, int[] ids, int window, int stride,
            Progress progress) {
        return perplexity(decoder, ids, window, stride, progress, null);
    }

    /** Receives the loss of each scored token: its index in the input and its negative log-likelihood. */
    @FunctionalInterface
    public interface TokenLoss {
        void accept(int position, double nll);
    }

    /**
     * As {@link #perplexity(LlamaDecoder, int[], int, int, org.lmlab.progress.Progress)}, also handing
     * each scored token's loss to {@code onToken} (when not null), in input order: per-position loss
     * curves from the same pass, the total unchanged.
     */
    public static Perplexity perplexity(LlamaDecoder decoder, int[] ids, int window, int stride,
            Progress progress, TokenLoss onToken) {
        if (window < 2 || stride < 1 || stride > window) {
            throw new IllegalArgumentException(
                    "need window >= 2 and 1 <= stride <= window, got window " + window + ", stride " + stride);
        }
        if (ids.length < 2) {
            throw new IllegalArgumentException("need at least 2 tokens, got " + ids.length);
        }
        double nll = 0;
        long scored = 0;
        int previousEnd = 0;
        long windows = ids.length <= window ? 1 : 1 + (ids.length - window + stride - 1) / stride;
        progress.start(windows, "perplexity (" + ids.length + " tokens, window " + window + ")");
        try (KvCache cache = decoder.newCache(Math.min(window, ids.length))) {
            for (int begin = 0; begin < ids.length; begin += stride) {
                Cancellation.check();
                int end = Math.min(begin + window, ids.length);
                int firstScored = Math.max(begin + 1, previousEnd); // absolute index of the first new target
                int[] input = Arrays.copyOfRange(ids, begin, end);
                int[] targets = new int[input.length];
                Arrays.fill(targets, -1);
                for (int t = firstScored; t < end; t++) {
                    targets[t - 1 - begin] = ids[t];
                }
                cache.clear();
                double[] lp = decoder.targetLogProbs(input, targets, cache);
                for (int i = 0; i < lp.length; i++) {
                    if (targets[i] >= 0) {
                        nll -= lp[i];
                        scored++;
                        if (onToken != null) {
                            onToken.accept(begin + i + 1, -lp[i]);
                        }
                    }
                }
                previousEnd = end;
                progress.step(1);
                if (end == ids.length) {
                    break;
                }
            }
        } finally {
            progress.done(); // also when stopped: the bar is not left half-drawn
        }
        return new Perplexity(nll, scored, window, stride);
    }

    /**
     * Perplexity of {@code ids} in one stream: the tokens run in chunks of {@code chunk} through a
     * single cache, so a windowed method evicts as it goes and memory stays bounded by its window
     * (StreamingLLM's evaluation: {@code chunk} 1 is token by token). Every token after the first
     * is scored with all the context the method keeps.
     */
    public static Perplexity streamingPerplexity(LlamaDecoder decoder, int[] ids, int chunk,
            Progress progress) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk must be >= 1 token, got " + chunk);
        }
        if (ids.length < 2) {
            throw new IllegalArgumentException("need at least 2 tokens, got " + ids.length);
        }
        double nll = 0;
        long scored = 0;
        progress.start((ids.length + chunk - 1) / chunk, "streaming perplexity (" + ids.length + " tokens, chunks of " + chunk + ")");
        try (KvCache cache = decoder.newCache(Math.min(ids.length, 4 * chunk))) {
            for (int begin = 0; begin < ids.length; begin += chunk) {
                Cancellation.check();
                int end = Math.min(ids.length, begin + chunk);
                int[] input = Arrays.copyOfRange(ids, begin, end);
                int[] targets = new int[input.length];
                for (int t = begin; t < end; t++) {
                    targets[t - begin] = t + 1 < ids.length ? ids[t + 1] : -1;
                }
                double[] lp = decoder.targetLogProbs(input, targets, cache);
                for (int i = 0; i < lp.length; i++) {
                    if (targets[i] >= 0) {
                        nll -= lp[i];
                        scored++;
                    }
                }
                progress.step(1);
            }
        } finally {
            progress.done();
        }
        return new Perplexity(nll, scored, ids.length, chunk);
    }
}
