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
    void aSharedPassGivesEachSequenceTheLogitsItGetsAloneBitForBit() {
        LlamaDecoder d = model.decoder();
        List<KvCache> alone = new ArrayList<>();
        List<KvCache> shared = new ArrayList<>();
        try {
            // prompts of different lengths, each prefilled on its own
            List<float[]> first = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                alone.add(d.newCache(32));
                shared.add(d.newCache(32));
                first.add(d.nextLogits(PROMPTS.get(i), alone.get(i)));
                d.nextLogits(PROMPTS.get(i), shared.get(i));
            }
            // two decode steps together, the second with the fourth prompt joining (its prefill in the same pass)
            int[] next = new int[3];
            for (int i = 0; i < 3; i++) {
                next[i] = TokenSampler.argmax(first.get(i));
            }
            float[][] together = d.nextLogits(List.of(new int[] {next[0]}, new int[] {next[1]}, new int[] {next[2]}),
                    shared);
            for (int i = 0; i < 3; i++) {
                assertBits(d.nextLogits(new int[] {next[i]}, alone.get(i)), together[i], "step 1, sequence " + i);
            }
            alone.add(d.newCache(32));
            shared.add(d.newCache(32));
            float[][] joined = d.nextLogits(List.of(new int[] {7}, PROMPTS.get(3), new int[] {9}),
                    List.of(shared.get(0), shared.get(3), shared.get(2)));
            assertBits(d.nextLogits(new int[] {7}, alone.get(0)), joined[0], "step 2, sequence 0");
            assertBits(d.nextLogits(PROMPTS.get(3), alone.get(3)), joined[1], "step 2, prompt of sequence 3");
            assertBits(d.nextLogits(new int[] {9}, alone.get(2)), joined[2], "step 2, sequence 2");
        } finally {
            alone.forEach(KvCache::close);
            shared.forEach(KvCache::close);
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

    @Test
    void aWindowedMethodBatchesLikeItRunsAlone() {
        // sinks keep 2 + 6 keys: every sequence here outgrows the window, so each cache evicts on its own schedule
        try (LanguageModel sinks = model.with(MethodSpec.parse("sinks:2+6", model.config().contextLength()).method())) {
            LlamaDecoder d = sinks.decoder();
            List<BatchGenerator.Request> requests = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                requests.add(new BatchGenerator.Request(PROMPTS.get(i), 4 + i, SamplingOptions.sample(0.8, 0, 1.0, i),
                        Set.of()));
            }
            assertSameTokens(alone(d, requests), batched(d, requests, 4), "sinks:2+6, batch of 4");
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
                    () -> d.nextLogits(List.of(new int[] {1}, new int[] {2}), List.of(c, c))).getMessage()
                    .contains("a cache appears twice"));
        }
    }
}
