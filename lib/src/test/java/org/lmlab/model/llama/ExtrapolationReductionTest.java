package org.lmlab.model.llama;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lmlab.model.extrapolation.Extrapolation;
import org.lmlab.model.extrapolation.Positions;
import org.lmlab.model.extrapolation.Window;
import org.lmlab.model.gguf.GgufTensorSource;
import org.lmlab.model.rope.RopeScaling;

/**
 * Acceptance 2 of the extrapolation engine: a method at factor 1, or a window reduced to full
 * causal attention (wider than the input), gives the plain model's logits on SmolLM2, within
 * 1e-6 (bit for bit where the computation is the same).
 */
class ExtrapolationReductionTest {

    static final int N = 96;
    static LlamaDecoder plain;
    static float[][] reference;
    static final int[] IDS = new int[N];

    @BeforeAll
    static void load() {
        for (int i = 0; i < N; i++) {
            IDS[i] = 1 + (i * 131) % 40000;
        }
        try (GgufTensorSource source = GgufTensorSource.open(SmolLm2Fixture.gguf())) {
            plain = LlamaDecoder.load(source, Device.cpu(), DecoderOptions.defaults().withQueryBlock(32));
        }
        reference = plain.logits(IDS);
    }

    @AfterAll
    static void close() {
        plain.close();
    }

    static Stream<Arguments> reductions() {
        Positions rope = new Positions.Rope(null);
        return Stream.of(
                Arguments.of(Extrapolation.rope(new RopeScaling.Default())),
                Arguments.of(Extrapolation.rope(new RopeScaling.Linear(1))),
                Arguments.of(Extrapolation.rope(new RopeScaling.StaticNtk(1))),
                Arguments.of(Extrapolation.rope(new RopeScaling.DynamicNtk(4))), // below the trained context
                Arguments.of(Extrapolation.rope(new RopeScaling.Yarn(1, 8192, 0, 0, OptionalDouble.empty(), 0, 0, true))),
                Arguments.of(Extrapolation.rope(new RopeScaling.Llama3(1, 1, 4, 8192))),
                Arguments.of(new Extrapolation(rope, new Window.Sliding(N))),
                Arguments.of(new Extrapolation(rope, new Window.LmInfinite(4, N, 0))),
                Arguments.of(new Extrapolation(rope, new Window.Sinks(4, N))));
    }

    @ParameterizedTest
    @MethodSource("reductions")
    void givesThePlainLogits(Extrapolation method) {
        float[][] ours = plain.with(method).logits(IDS);
        double worst = 0;
        for (int i = 0; i < N; i++) {
            worst = Math.max(worst, LlamaDecoderNumpyTest.maxAbsDiff(ours[i], toDouble(reference[i])));
        }
        System.out.printf("%s: max |logit diff| vs the plain model %.3g%n", method, worst);
        assertTrue(worst <= 1e-6, method + ": " + worst);
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
