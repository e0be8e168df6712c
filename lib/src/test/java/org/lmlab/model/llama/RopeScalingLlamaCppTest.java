package org.lmlab.model.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lmlab.model.LlamaConfig;
import org.lmlab.model.TokenSampler;
import org.lmlab.model.gguf.GgufTensorSource;
import org.lmlab.model.extrapolation.Extrapolation;
import org.lmlab.model.extrapolation.Positions;
import org.lmlab.model.rope.RopeScaling;
import org.lmlab.model.tokenizer.GgufTokenizer;
import org.lmlab.model.tokenizer.TextTokenizer;
import org.lmlab.reference.PythonReference;

/**
 * Scaled RoPE against llama.cpp (llama-cpp-python 0.3.36) on the F32 copy of SmolLM2-135M that
 * llama.cpp's own quantiser writes, F32 KV cache on its side: the same weights, the same F32 math,
 * so the only difference left is how each side builds its rotation. Each variant is set on both
 * sides by the mapping below, then all-position logits of {@value #LENGTH} tokens of bundled text
 * (longer than the original context of {@value #ORIGINAL_CONTEXT} given to YaRN) must agree within
 * {@value #TOLERANCE}.
 *
 * <table>
 *   <caption>lmlab (transformers v5.0.0 names) and llama.cpp's context parameters</caption>
 *   <tr><th>lmlab</th><th>llama.cpp</th></tr>
 *   <tr><td>{@code Linear(f)}</td><td>rope_scaling_type linear, rope_freq_scale 1/f</td></tr>
 *   <tr><td>{@code Yarn.of(f, orig)}: betas 32/1, truncate, attention factor 0.1 ln f + 1</td>
 *       <td>rope_scaling_type yarn, rope_freq_scale 1/f, yarn_orig_ctx orig, yarn_ext_factor -1
 *       (becomes 1 for YaRN), yarn_beta_fast 32, yarn_beta_slow 1; llama.cpp sets the attention
 *       factor itself (yarn_attn_factor is overwritten whenever ext_factor != 0)</td></tr>
 *   <tr><td>{@code Default} on a geometry with base b</td><td>rope_freq_base b, rope_scaling_type none</td></tr>
 * </table>
 *
 * <p>The unscaled RoPE at the same length is compared too: it is the floor the variants are
 * measured against, and its llama.cpp logits show that each setting really moved llama.cpp's.
 */
class RopeScalingLlamaCppTest {

    /** The original context YaRN is told about; the input is twice as long. */
    static final int ORIGINAL_CONTEXT = 256;
    static final int LENGTH = 512;
    static final double TOLERANCE = 1e-3;

    static Path work;
    static Path f32File;
    static int[] text;
    static LlamaConfig config;
    /** Our decoder over the same F32 file, loaded once; each variant is a view of it. */
    static LlamaDecoder decoder;
    /** llama.cpp's logits with the model's own RoPE, every position. */
    static float[][] unscaled;

    @BeforeAll
    static void prepare() throws Exception {
        work = Files.createTempDirectory("lmlab-rope-llamacpp");
        TextTokenizer tokenizer;
        try (GgufTensorSource source = GgufTensorSource.open(SmolLm2Fixture.gguf())) {
            tokenizer = GgufTokenizer.from(source.file());
        }
        int[] all = tokenizer.encode(Files.readString(
                PythonReference.root().resolve("datasets/text/tinyshakespeare-excerpt.txt")), false, false);
        assertTrue(all.length >= LENGTH, "the excerpt has only " + all.length + " tokens");
        text = Arrays.copyOf(all, LENGTH);
        f32File = work.resolve("smollm2-f32.gguf");
        PythonReference.run(SmolLm2Fixture.script("llama_cpp_reference.py"), "--convert", "f32",
                SmolLm2Fixture.gguf().toString(), f32File.toString());
        try (GgufTensorSource source = GgufTensorSource.open(f32File)) {
            config = source.config();
            decoder = LlamaDecoder.load(source, Device.cpu());
        }
        unscaled = llamaCpp("unscaled", Map.of());
    }

    @AfterAll
    static void clean() throws IOException {
        if (decoder != null) {
            decoder.close();
        }
        if (work == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(work)) {
            for (Path f : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(f);
            }
        }
    }

    /** RoPE with {@code scaling} (over the checkpoint's base), full attention. */
    static Extrapolation rope(RopeScaling scaling) {
        return Extrapolation.rope(scaling);
    }

    @Test
    void unscaledRopeAtTheSameLengthIsTheFloor() throws Exception {
        compare("unscaled (base " + config.ropeTheta() + ")", unscaled, Extrapolation.none(), false);
    }

    @Test
    void linearFactorTwoMatchesRopeFreqScaleOneHalf() throws Exception {
        Map<String, Object> rope = Map.of("rope_scaling_type", "linear", "rope_freq_scale", 0.5);
        compare("linear factor 2", llamaCpp("linear", rope),
                rope(new RopeScaling.Linear(2)), true);
    }

    @Test
    void yarnFactorFourFromContext256MatchesLlamaCppYarn() throws Exception {
        Map<String, Object> rope = new LinkedHashMap<>();
        rope.put("rope_scaling_type", "yarn");
        rope.put("rope_freq_scale", 0.25);
        rope.put("yarn_orig_ctx", ORIGINAL_CONTEXT);
        rope.put("yarn_ext_factor", -1.0); // llama.cpp: "from the scaling type", 1 for YaRN
        rope.put("yarn_beta_fast", 32.0);
        rope.put("yarn_beta_slow", 1.0);
        compare("YaRN factor 4, original context " + ORIGINAL_CONTEXT, llamaCpp("yarn", rope),
                rope(RopeScaling.Yarn.of(4, ORIGINAL_CONTEXT)), true);
    }

    @Test
    void yarnBetasMapOneToOne() throws Exception {
        // Other betas move the ramp: pairs 6..9 instead of 0..11 (head_dim 64, base 1e5, orig 256), another factor.
        Map<String, Object> rope = new LinkedHashMap<>();
        rope.put("rope_scaling_type", "yarn");
        rope.put("rope_freq_scale", 1 / 3.0);
        rope.put("yarn_orig_ctx", ORIGINAL_CONTEXT);
        rope.put("yarn_beta_fast", 4.0);
        rope.put("yarn_beta_slow", 2.0);
        compare("YaRN factor 3, betas 4/2, original context " + ORIGINAL_CONTEXT, llamaCpp("yarn-betas", rope),
                rope(new RopeScaling.Yarn(3, ORIGINAL_CONTEXT, 4, 2, OptionalDouble.empty(), 0, 0, true)), true);
    }

    @Test
    void changedBaseMatchesRopeFreqBase() throws Exception {
        Map<String, Object> rope = Map.of("rope_scaling_type", "none", "rope_freq_base", 50000.0);
        compare("base 50000", llamaCpp("base", rope),
                Extrapolation.rope(null).withPositions(new Positions.Rope(new RopeScaling.Default(), 50000)), true);
    }

    /**
     * Our logits with {@code rope} against llama.cpp's; prints the maxima below and beyond the
     * original context and asserts the overall maximum. {@code scaled}: the variant must also move
     * llama.cpp's logits well away from the unscaled ones (so the setting took effect there).
     */
    static void compare(String name, float[][] theirs, Extrapolation method, boolean scaled) throws Exception {
        float[][] ours = decoder.with(method).logits(text);
        double inside = 0;
        double beyond = 0;
        double moved = 0;
        int argmaxEqual = 0;
        for (int i = 0; i < LENGTH; i++) {
            double worst = 0;
            for (int v = 0; v < ours[i].length; v++) {
                worst = Math.max(worst, Math.abs(ours[i][v] - theirs[i][v]));
                moved = Math.max(moved, Math.abs(theirs[i][v] - unscaled[i][v]));
            }
            if (i < ORIGINAL_CONTEXT) {
                inside = Math.max(inside, worst);
            } else {
                beyond = Math.max(beyond, worst);
            }
            argmaxEqual += TokenSampler.argmax(ours[i]) == TokenSampler.argmax(theirs[i]) ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "RoPE %s vs llama.cpp, F32 GGUF, %d tokens: max |logit difference| %.3g "
                + "(positions < %d: %.3g, >= %d: %.3g); argmax equal on %d of %d; llama.cpp's logits moved by up to %.3g "
                + "from unscaled%n", name, LENGTH, Math.max(inside, beyond), ORIGINAL_CONTEXT, inside, ORIGINAL_CONTEXT,
                beyond, argmaxEqual, LENGTH, moved);
        if (scaled) {
            assertTrue(moved > 1, name + ": llama.cpp's logits barely moved (" + moved + "): the setting did not apply");
        }
        assertTrue(Math.max(inside, beyond) < TOLERANCE, name + ": max |logit difference| " + Math.max(inside, beyond)
                + " (positions < " + ORIGINAL_CONTEXT + ": " + inside + ", beyond: " + beyond + ")");
    }

    /** llama.cpp's all-position logits of the text with these context parameters (llama_cpp_reference.py "rope"). */
    static float[][] llamaCpp(String name, Map<String, Object> rope) throws Exception {
        Map<String, Object> tasks = new LinkedHashMap<>();
        tasks.put("gguf", f32File.toString());
        tasks.put("threads", 2);
        tasks.put("kv", "f32");
        tasks.put("logits", new int[][] {text});
        tasks.put("rope", rope);
        Path taskFile = Files.writeString(work.resolve(name + "-tasks.json"), new Gson().toJson(tasks));
        Path out = Files.createDirectories(work.resolve(name + "-out"));
        JsonObject reply = JsonParser.parseString(PythonReference.run(SmolLm2Fixture.script("llama_cpp_reference.py"),
                taskFile.toString(), out.toString())).getAsJsonObject();
        int vocab = reply.get("vocab").getAsInt();
        assertEquals(config.vocabSize(), vocab, "vocabulary");
        Path file = out.resolve("logits-0.f32");
        FloatBuffer floats = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        assertEquals((long) LENGTH * vocab, floats.remaining(), file + " size");
        float[][] rows = new float[LENGTH][vocab];
        for (float[] row : rows) {
            floats.get(row);
        }
        Files.delete(file);
        Files.delete(out);
        Files.delete(taskFile);
        return rows;
    }
}
