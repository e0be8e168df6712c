package org.lmlab.model.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lmlab.model.TokenSampler;
import org.lmlab.model.engine.Precision;
import org.lmlab.model.extrapolation.Extrapolation;
import org.lmlab.model.extrapolation.Positions;
import org.lmlab.model.extrapolation.Window;
import org.lmlab.model.rope.RopeScaling;

/**
 * The decode step ({@link DecodePass}: one token, few large operations) computes what the general
 * pass computes, bit for bit, on SmolLM2-135M: the general pass is the one checked against a
 * float64 numpy decoder and llama.cpp (LlamaDecoderNumpyTest, LlamaCppReferenceTest), and the
 * decode step only regroups its element-wise work (q and k rotated together, rotate-half's sign in
 * sin, the 1/8 attention scale in the query's cos/sin: all exact in binary floating point). That
 * holds with the engine's products; with the native products (each dot product summed in another
 * order) the logits stay within a stated tolerance of the general pass's and pick the same tokens.
 */
class DecodePassTest {

    static LlamaDecoder f32;
    static LlamaDecoder f16;

    @BeforeAll
    static void load() throws Exception {
        f32 = SmolLm2Fixture.decoder(Precision.F32);
        f16 = SmolLm2Fixture.decoder(Precision.F16);
    }

    @AfterAll
    static void close() {
        f32.close();
        f16.close();
    }

    static Stream<Arguments> methods() {
        Positions rope = new Positions.Rope(null);
        return Stream.of(
                Arguments.of("f32", Extrapolation.none(), true),
                Arguments.of("f16", Extrapolation.none(), true),
                Arguments.of("f32", Extrapolation.rope(new RopeScaling.Yarn(2, 8192, 0, 0,
                        java.util.OptionalDouble.empty(), 0, 0, true)), true), // attention factor in cos and sin
                Arguments.of("f32", new Extrapolation(new Positions.NoPE(), new Window.Full()), true),
                Arguments.of("f32", new Extrapolation(rope, new Window.Sliding(12)), true), // evicts every step
                Arguments.of("f32", new Extrapolation(rope, new Window.Sinks(2, 6)), false)); // the general pass
    }

    @ParameterizedTest
    @MethodSource("methods")
    void aDecodeStepEqualsTheGeneralPassBitForBit(String precision, Extrapolation method, boolean decodePass) {
        LlamaDecoder d = (precision.equals("f16") ? f16 : f32).with(method).withNativeProducts(false);
        int[] prompt = LlamaDecoderNumpyTest.PROMPT;
        try (KvCache fast = d.newCache(8); KvCache general = d.newCache(8)) { // both grow past 8
            float[] a = d.nextLogits(prompt, fast);
            float[] b = d.nextLogits(prompt, general);
            for (int step = 0; step < 8; step++) {
                int next = TokenSampler.argmax(a);
                // claiming without running leaves the cache as it was (the slot is claimed again below)
                LlamaDecoder.Claim probe = d.claim(new int[] {next}, fast);
                assertEquals(decodePass, DecodePass.plain(probe, MethodSetup.of(method, d.config()).shape(),
                        false), "covered by the decode pass");
                a = d.nextLogits(new int[] {next}, fast); // one token: the decode step
                b = d.logits(new int[] {next}, general)[0]; // all-position logits: the general pass
                assertEquals(0, differing(a, b), method + " " + precision + ", step " + step + ": logits differing");
            }
            assertEquals(fast.length(), general.length());
            assertTrue(fast.length() <= prompt.length + 8);
        }
    }

    /**
     * Native products: the same greedy tokens and logits within {@code 1e-4 * max |logit|} (F32) or
     * {@code 1e-2 * max |logit|} (F16, whose activations are rounded to 11 significant bits at each
     * product either way, so a different summation order can move a rounding by one F16 unit).
     */
    @ParameterizedTest
    @MethodSource("methods")
    void withNativeProductsADecodeStepStaysCloseToTheGeneralPass(String precision, Extrapolation method,
            boolean decodePass) {
        org.lmlab.model.engine.kernels.NativeProductsNumpyTest.requireLibrary();
        LlamaDecoder d = (precision.equals("f16") ? f16 : f32).with(method);
        assertTrue(d.nativeProducts(), "a CPU decoder loads the native products by default");
        double tolerance = precision.equals("f16") ? 1e-2 : 1e-4;
        int[] prompt = LlamaDecoderNumpyTest.PROMPT;
        try (KvCache fast = d.newCache(8); KvCache general = d.newCache(8)) {
            float[] a = d.nextLogits(prompt, fast);
            float[] b = d.nextLogits(prompt, general);
            double worst = 0;
            for (int step = 0; step < 8; step++) {
                int next = TokenSampler.argmax(b);
                assertEquals(next, TokenSampler.argmax(a), method + " " + precision + ", step " + step + ": greedy token");
                a = d.nextLogits(new int[] {next}, fast);
                b = d.logits(new int[] {next}, general)[0];
                double scale = 0;
                double diff = 0;
                for (int i = 0; i < a.length; i++) {
                    scale = Math.max(scale, Math.abs(b[i]));
                    diff = Math.max(diff, Math.abs(a[i] - b[i]));
                }
                worst = Math.max(worst, diff / scale);
                assertTrue(diff <= tolerance * scale, method + " " + precision + ", step " + step + ": max |native - general| "
                        + diff + " against max |logit| " + scale);
            }
            System.out.printf("%s %s: native decode step vs general pass, max |diff| / max |logit| = %.3g%n", method,
                    precision, worst);
        }
    }

    static int differing(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                n++;
            }
        }
        return n;
    }
}
