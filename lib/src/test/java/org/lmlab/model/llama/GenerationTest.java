package org.lmlab.model.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lmlab.model.Generator;
import org.lmlab.model.SamplingOptions;
import org.lmlab.model.safetensors.SafetensorsTensorSource;

/** Generation semantics on SmolLM2: streaming, stop tokens, seeds, greedy = top-1. */
class GenerationTest {

    static final int[] PROMPT = LlamaDecoderNumpyTest.PROMPT;
    static LlamaDecoder decoder;

    @BeforeAll
    static void load() throws Exception {
        try (SafetensorsTensorSource source = SafetensorsTensorSource.open(SmolLm2Fixture.safetensors())) {
            decoder = LlamaDecoder.load(source, Device.cpu());
        }
    }

    @AfterAll
    static void close() {
        decoder.close();
    }

    @Test
    void streamingSeesEveryTokenAndStopTokenEndsGeneration() {
        List<Integer> streamed = new ArrayList<>();
        Generator.Result full = Generator.generate(decoder, PROMPT, 12, SamplingOptions.greedy(), Set.of(), streamed::add);
        assertEquals(Generator.StopReason.MAX_TOKENS, full.reason());
        assertArrayEquals(full.tokens(), streamed.stream().mapToInt(Integer::intValue).toArray());
        int stop = full.tokens()[5];
        int firstStop = Arrays.stream(full.tokens()).boxed().toList().indexOf(stop);
        Generator.Result stopped = Generator.generate(decoder, PROMPT, 12, SamplingOptions.greedy(), Set.of(stop), null);
        assertEquals(Generator.StopReason.STOP_TOKEN, stopped.reason());
        assertArrayEquals(Arrays.copyOf(full.tokens(), firstStop + 1), stopped.tokens());
    }

    @Test
    void greedyEqualsTopOneSamplingAndSeedsReproduce() {
        int[] greedy = Generator.generate(decoder, PROMPT, 8, SamplingOptions.greedy(), Set.of(), null).tokens();
        int[] topOne = Generator.generate(decoder, PROMPT, 8, SamplingOptions.sample(1.3, 1, 1.0, 99), Set.of(), null).tokens();
        assertArrayEquals(greedy, topOne);
        SamplingOptions hot = SamplingOptions.sample(1.5, 0, 1.0, 5);
        int[] a = Generator.generate(decoder, PROMPT, 16, hot, Set.of(), null).tokens();
        int[] b = Generator.generate(decoder, PROMPT, 16, hot, Set.of(), null).tokens();
        assertArrayEquals(a, b);
        int[] c = Generator.generate(decoder, PROMPT, 16, SamplingOptions.sample(1.5, 0, 1.0, 6), Set.of(), null).tokens();
        assertNotEquals(Arrays.toString(a), Arrays.toString(c), "different seeds at temperature 1.5 gave the same 16 tokens");
    }
}
