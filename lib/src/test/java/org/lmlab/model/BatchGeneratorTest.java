package org.lmlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lmlab.model.extrapolation.sweep.MethodSpec;
import org.lmlab.model.llama.KvCache;
import org.lmlab.model.llama.LlamaDecoder;

/**
 * Batched generation on the bundled SmolLM2 equals generation one sequence at a time: the same
 * logits bit for bit in a shared pass, the same tokens for greedy and seeded sampling whatever the
 * batch size, with prompts of different lengths that stop at different times. The reference is
 * {@link Generator#generate}, which runs each sequence alone.
 */
class BatchGeneratorTest {

    static LanguageModel model;
    static final String[] TEXTS = {
        "The capital of France is",
        "Once upon a time, in a small village by the sea, there lived an old fisherman who",
        "def fibonacci(n):",
        "Three colours of the rainbow are red,",
    };
    static final List<int[]> PROMPTS = new ArrayList<>();

    @BeforeAll
    static void load() {
        model = SharedSmolLm2.get();
        for (String t : TEXTS) {
            PROMPTS.add(model.encode(t, false));
        }
        assertEquals(4, PROMPTS.stream().mapToInt(p -> p.length).distinct().count(), "four prompt lengths");
    }

    static List<int[]> alone(LlamaDecoder decoder, List<BatchGenerator.Request> requests) {
        List<int[]> out = new ArrayList<>();
        for (BatchGenerator.Request r : requests) {
            out.add(Generator.generate(decoder, r.prompt(), r.maxNewTokens(), r.sampling(), r.stopTokens(), null)
                    .tokens());
        }
        return out;
    }

    static List<int[]> batched(LlamaDecoder decoder, List<BatchGenerator.Request> requests, int batch) {
        List<int[]> out = new ArrayList<>();
        for (Generator.Result r : BatchGenerator.generate(decoder, requests, batch, null)) {
            out.add(r.tokens());
        }
        return out;
    }

    static void assertSameTokens(List<int[]> expected, List<int[]> actual, String what) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), what + ": sequence " + i);
        }
    }

    @Test
    void aDecodePassGivesASequenceTheSameLogitsWhateverSharesItAndCloseToAlone() {
        LlamaDecoder d = model.decoder();
        List<KvCache> caches = new ArrayList<>();
        try {
            // five sequences (prompts of four lengths) in four copies: alone, each in a decode pass of
            // its own (one row, padded to a tile), in passes of 3 and 2, and all in a pass of 5 (two tiles)
            int[][] prompts = {PROMPTS.get(0), PROMPTS.get(1), PROMPTS.get(2), PROMPTS.get(3), PROMPTS.get(1)};
            int[] next = new int[5];
            for (int copy = 0; copy < 4; copy++) {
                for (int i = 0; i < 5; i++) {
                    caches.add(d.newCache(32));
                    next[i] = TokenSampler.argmax(d.nextLogits(prompts[i], caches.get(copy * 5 + i)));
                }
            }
            next[4] = 42; // the repeated prompt continues with another token
            for (int step = 0; step < 2; step++) {
                float[][] alone = new float[5][];
                float[][] own = new float[5][];
                for (int i = 0; i < 5; i++) {
                    alone[i] = d.nextLogits(new int[] {next[i]}, caches.get(i));
                    own[i] = d.decode(new int[] {next[i]}, List.of(caches.get(5 + i)))[0];
                }
                float[][] three = d.decode(Arrays.copyOf(next, 3), caches.subList(10, 13));
                float[][] two = d.decode(new int[] {next[3], next[4]}, caches.subList(13, 15));
                float[][] five = d.decode(next, caches.subList(15, 20));
                double worst = 0;
                for (int i = 0; i < 5; i++) {
                    assertBits(own[i], i < 3 ? three[i] : two[i - 3],
                            "step " + step + ", sequence " + i + " in a pass of " + (i < 3 ? 3 : 2));
                    assertBits(own[i], five[i], "step " + step + ", sequence " + i + " in a pass of 5");
                    assertEquals(TokenSampler.argmax(alone[i]), TokenSampler.argmax(five[i]), "argmax alone vs batched");
                    for (int t = 0; t < alone[i].length; t++) {
                        worst = Math.max(worst, Math.abs(alone[i][t] - five[i][t]));
                    }
                }
                // one-row (matrix-vector) products alone against tiles of 4 rows: sums rounded in
                // another order: measured up to 4.5e-5 on logits of magnitude ~10 here
                System.out.printf("decode step %d: max |alone - batched| logit %.3g%n", step, worst);
                assertTrue(worst < 1e-3, "batched logits within 1e-3 of alone, got " + worst);
                for (int i = 0; i < 5; i++) {
                    next[i] = TokenSampler.argmax(five[i]);
                }
            }
        } finally {
            caches.forEach(KvCache::close);
        }
    }

    static void assertBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        int differ = 0;
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                differ++;
            }
        }
        assertEquals(0, differ, what + ": logits differing from the sequence's own pass");
    }

    @Test
    void greedyBatchesGiveEachSequenceItsTokensAloneWithDifferentStopTimes() {
        LlamaDecoder d = model.decoder();
        // sequence 2 stops on the fourth token it generates alone; the others on their budgets
        int[] free = Generator.generate(d, PROMPTS.get(2), 4, SamplingOptions.greedy(), Set.of(), null).tokens();
        List<BatchGenerator.Request> requests = List.of(
                new BatchGenerator.Request(PROMPTS.get(0), 5, SamplingOptions.greedy(), Set.of()),
                new BatchGenerator.Request(PROMPTS.get(1), 10, SamplingOptions.greedy(), Set.of()),
                new BatchGenerator.Request(PROMPTS.get(2), 12, SamplingOptions.greedy(), Set.of(free[3])),
                new BatchGenerator.Request(PROMPTS.get(3), 8, SamplingOptions.greedy(), Set.of()));
        List<int[]> expected = alone(d, requests);
        int firstStop = Arrays.stream(free).boxed().toList().indexOf(free[3]);
        assertEquals(firstStop + 1, expected.get(2).length, "sequence 2 ends on its stop token");
        assertEquals(List.of(5, 10, 8), List.of(expected.get(0).length, expected.get(1).length,
                expected.get(3).length));
        assertSameTokens(expected, batched(d, requests, 4), "batch of 4");
        // temperature 0 is greedy whatever the other settings and the seed; the fourth joins when one ends
        List<BatchGenerator.Request> cold = new ArrayList<>();
        for (BatchGenerator.Request r : requests) {
            cold.add(new BatchGenerator.Request(r.prompt(), r.maxNewTokens(), SamplingOptions.sample(0, 5, 0.5, 1234),
                    r.stopTokens()));
        }
        assertSameTokens(expected, batched(d, cold, 3), "temperature 0, batch of 3");
    }

    @Test
    void seededSamplingIsReproducibleAcrossRunsAndBatchSizesAndEqualsSamplingAlone() {
        LlamaDecoder d = model.decoder();
        Set<Integer> stop = new HashSet<>(model.stopTokens());
        stop.add(model.encode(".", false)[model.encode(".", false).length - 1]);
        int[] budgets = {8, 10, 5, 7};
        List<BatchGenerator.Request> requests = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            requests.add(new BatchGenerator.Request(PROMPTS.get(i), budgets[i],
                    SamplingOptions.sample(1.0 + 0.1 * i, i == 1 ? 0 : 40, i == 2 ? 1.0 : 0.9, 1000 + i), stop));
        }
        List<int[]> expected = alone(d, requests);
        List<int[]> four = batched(d, requests, 4);
        assertSameTokens(expected, four, "batch of 4");
        assertSameTokens(expected, batched(d, requests, 2), "batch of 2");
        assertSameTokens(expected, batched(d, requests, 1), "batch of 1");
        // a second run with another seed for sequence 1: its tokens change, the others' are those of the first run
        List<BatchGenerator.Request> reseeded = new ArrayList<>(requests);
        BatchGenerator.Request r1 = requests.get(1);
        reseeded.set(1, new BatchGenerator.Request(r1.prompt(), r1.maxNewTokens(),
                SamplingOptions.sample(1.1, 0, 0.9, 77), r1.stopTokens()));
        List<int[]> other = batched(d, reseeded, 4);
        assertNotEquals(Arrays.toString(four.get(1)), Arrays.toString(other.get(1)));
        for (int i : new int[] {0, 2, 3}) {
            assertArrayEquals(four.get(i), other.get(i), "sequence " + i + " does not see sequence 1's seed");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sinks:2+6", "sliding:6"})
    void aWindowedMethodBatchesLikeItRunsAlone(String method) {
        // windows of 8 and 6 keys: every sequence here outgrows the window, so each cache evicts on its own
        // schedule; sinks runs the general pass, a sliding window the decode pass (each sequence's keys
        // then start at another slot of its cache and are padded to the longest in the batch)
        try (LanguageModel windowed = model.with(MethodSpec.parse(method, model.config().contextLength()).method())) {
            LlamaDecoder d = windowed.decoder();
            List<BatchGenerator.Request> requests = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                requests.add(new BatchGenerator.Request(PROMPTS.get(i), 4 + i, SamplingOptions.sample(0.8, 0, 1.0, i),
                        Set.of()));
            }
            List<int[]> four = batched(d, requests, 4);
            assertSameTokens(alone(d, requests), four, method + ", batch of 4");
            assertSameTokens(batched(d, requests, 1), four, method + ", batch of 1 against 4");
        }
    }

    @Test
    void finishedSequencesLeaveTheBatchAndBadRequestsAreRefused() {
        LlamaDecoder d = model.decoder();
        List<Integer> finishedOrder = new ArrayList<>();
        List<BatchGenerator.Request> requests = List.of(
                new BatchGenerator.Request(PROMPTS.get(0), 5, SamplingOptions.greedy(), Set.of()),
                new BatchGenerator.Request(PROMPTS.get(1), 2, SamplingOptions.greedy(), Set.of()),
                new BatchGenerator.Request(PROMPTS.get(2), 0, SamplingOptions.greedy(), Set.of()));
        List<Integer> passSizes = new ArrayList<>();
        List<Generator.Result> results = BatchGenerator.generate(d, requests, 2, new BatchGenerator.Listener() {
            int seen;

            @Override
            public void token(int request, int token) {
                seen++;
            }

            @Override
            public void finished(int request, Generator.Result result, double seconds) {
                finishedOrder.add(request);
                passSizes.add(seen);
                assertTrue(seconds >= 0);
            }
        });
        assertEquals(List.of(1, 2, 0), finishedOrder, "the 2-token sequence ends first; the empty one as it is admitted");
        assertEquals(List.of(4, 4, 7), passSizes, "tokens chosen when each ended: 2 passes of 2, then 3 of 1");
        assertEquals(0, results.get(2).tokens().length);
        assertThrows(IllegalArgumentException.class, () -> BatchGenerator.generate(d, requests, 0, null));
        assertThrows(IllegalArgumentException.class,
                () -> new BatchGenerator.Request(new int[0], 4, SamplingOptions.greedy(), Set.of()));
        try (KvCache c = d.newCache(8)) {
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> d.decode(new int[] {1, 2}, List.of(c, c))).getMessage()
                    .contains("a cache appears twice"));
        }
    }
}
