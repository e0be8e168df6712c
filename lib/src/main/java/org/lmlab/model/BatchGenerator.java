package org.lmlab.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.lmlab.model.llama.KvCache;
import org.lmlab.model.llama.LlamaDecoder;
import org.lmlab.progress.Cancellation;

/**
 * Generation of many sequences by one decoder, several in each forward pass. Each request has its
 * own prompt, token budget, sampling settings (with its own seeded random stream) and stop tokens.
 * Up to {@code batchSize} sequences are decoded together, one new token each per pass
 * ({@link LlamaDecoder#decode}: one weight product per matrix for all of them); a sequence that
 * ends leaves the batch at once (its KV cache freed, no more compute) and the next waiting request
 * takes its place, its prompt run on its own as {@link Generator#generate} runs it.
 *
 * <p>A sequence's tokens do not depend on what shares its passes: the decode pass pads the rows
 * of its products to whole tiles, whose rows a BLAS kernel computes alike whatever their number,
 * and each sequence samples from its own {@link TokenSampler}. So the batch size changes the
 * speed, never the tokens. Against {@link Generator#generate}, whose steps are one-row
 * (matrix-vector) products, the logits differ in the last bits of the products' sums (measured
 * on SmolLM2-135M: docs/models.md), so a token can differ only where two candidates are that
 * close; the tests check the tokens are the same on the bundled model.
 */
public final class BatchGenerator {

    /**
     * One sequence to generate.
     *
     * @param prompt       token ids, at least one
     * @param maxNewTokens most tokens to generate (>= 0)
     * @param sampling     how its tokens are chosen; its seed starts its own random stream
     * @param stopTokens   ids that end it (the stop token is included in the result)
     */
    public record Request(int[] prompt, int maxNewTokens, SamplingOptions sampling, Set<Integer> stopTokens) {
        public Request {
            if (prompt == null || prompt.length == 0) {
                throw new IllegalArgumentException("the prompt must hold at least one token");
            }
            if (maxNewTokens < 0) {
                throw new IllegalArgumentException("maxNewTokens must be >= 0, got " + maxNewTokens);
            }
            if (sampling == null) {
                throw new IllegalArgumentException("sampling options are required (SamplingOptions.greedy() for greedy)");
            }
            prompt = prompt.clone();
            stopTokens = Set.copyOf(stopTokens);
        }
    }

    /** Sees each sequence's tokens as they are chosen and each result as its sequence ends. */
    public interface Listener {
        /** Request {@code request} chose {@code token}. */
        default void token(int request, int token) {}

        /**
         * Request {@code request} ended; {@code seconds} from the pass that ran its prompt to its
         * last token (wall clock, shared with the sequences beside it).
         */
        default void finished(int request, Generator.Result result, double seconds) {}
    }

    /** A sequence in the batch. */
    private static final class Sequence {
        final int index;
        final Request request;
        final TokenSampler sampler;
        final KvCache cache;
        final int[] out;
        final long started = System.nanoTime();
        int count;

        Sequence(int index, Request request, KvCache cache) {
            this.index = index;
            this.request = request;
            this.sampler = new TokenSampler(request.sampling());
            this.cache = cache;
            this.out = new int[request.maxNewTokens()];
        }
    }

    private BatchGenerator() {}

    /**
     * Generates every request, {@code batchSize} at a time, in request order of admission; returns
     * the results in request order.
     *
     * @throws Cancellation.CancelledException when a stop is requested (checked before each pass);
     *     the listener has seen every sequence that finished before it
     */
    public static List<Generator.Result> generate(LlamaDecoder decoder, List<Request> requests, int batchSize,
            Listener listener) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch size must be at least 1, got " + batchSize);
        }
        Listener to = listener == null ? new Listener() {} : listener;
        List<Generator.Result> results = new ArrayList<>(Collections.nCopies(requests.size(), null));
        Deque<Integer> waiting = new ArrayDeque<>();
        for (int i = 0; i < requests.size(); i++) {
            waiting.add(i);
        }
        List<Sequence> active = new ArrayList<>();
        try {
            while (true) {
                while (active.size() < batchSize && !waiting.isEmpty()) {
                    int i = waiting.poll();
                    Request r = requests.get(i);
                    if (r.maxNewTokens() == 0) {
                        finish(results, to, i, new Generator.Result(new int[0], Generator.StopReason.MAX_TOKENS), 0);
                        continue;
                    }
                    active.add(new Sequence(i, r, decoder.newCache(r.prompt().length + r.maxNewTokens())));
                }
                if (active.isEmpty()) {
                    return results;
                }
                Cancellation.check();
                step(decoder, active, results, to);
            }
        } finally {
            active.forEach(s -> s.cache.close());
        }
    }

    /** One pass over the active sequences: each chooses a token; those that end leave the batch. */
    private static void step(LlamaDecoder decoder, List<Sequence> active, List<Generator.Result> results,
            Listener to) {
        float[][] logits = new float[active.size()][];
        List<Integer> decoding = new ArrayList<>(active.size());
        List<KvCache> caches = new ArrayList<>(active.size());
        for (int i = 0; i < active.size(); i++) {
            Sequence s = active.get(i);
            if (s.count == 0) {
                logits[i] = decoder.nextLogits(s.request.prompt(), s.cache); // its prompt, as alone
            } else {
                decoding.add(i);
                caches.add(s.cache);
            }
        }
        if (!decoding.isEmpty()) {
            int[] tokens = new int[decoding.size()];
            for (int j = 0; j < tokens.length; j++) {
                Sequence s = active.get(decoding.get(j));
                tokens[j] = s.out[s.count - 1];
            }
            float[][] next = decoder.decode(tokens, caches);
            for (int j = 0; j < tokens.length; j++) {
                logits[decoding.get(j)] = next[j];
            }
        }
        Iterator<Sequence> it = active.iterator();
        for (float[] l : logits) {
            Sequence s = it.next();
            int next = s.sampler.next(l);
            s.out[s.count++] = next;
            to.token(s.index, next);
            Generator.StopReason reason = s.request.stopTokens().contains(next) ? Generator.StopReason.STOP_TOKEN
                    : s.count == s.out.length ? Generator.StopReason.MAX_TOKENS : null;
            if (reason != null) {
                it.remove();
                s.cache.close();
                finish(results, to, s.index, new Generator.Result(Arrays.copyOf(s.out, s.count), reason),
                        (System.nanoTime() - s.started) / 1e9);
            }
        }
    }

    private static void finish(List<Generator.Result> results, Listener to, int index, Generator.Result result,
            double seconds) {
        results.set(index, result);
        to.finished(index, result, seconds);
    }
}
