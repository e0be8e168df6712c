package org.lmlab.model.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lmlab.model.LlamaConfig;
import org.lmlab.model.rope.RopeScaling;

/** Issue 15, "checkpoints carry their scaling": config.json's rope_scaling (v4) and rope_parameters (v5). */
class HfConfigRopeTest {

    @TempDir Path dir;

    /** A LLaMA config.json (head 64, context 4096, theta 10,000) with {@code extra} fields appended. */
    private LlamaConfig read(String extra) throws IOException {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"model_type\":\"llama\",\"hidden_size\":256,\"num_attention_heads\":4,"
                + "\"num_key_value_heads\":2,\"vocab_size\":100,\"intermediate_size\":512,\"num_hidden_layers\":2,"
                + "\"max_position_embeddings\":4096,\"rope_theta\":10000.0" + (extra.isEmpty() ? "" : "," + extra) + "}");
        return HfConfig.read(file);
    }

    private static String list(int n, double start, double step) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append(start + i * step);
        }
        return b.append(']').toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\"rope_scaling\":null", "\"rope_parameters\":null", "\"rope_scaling\":{\"rope_type\":\"default\"}",
            "\"rope_parameters\":{\"rope_type\":\"default\",\"rope_theta\":10000.0}", "\"rope_scaling\":{\"type\":\"default\"}"})
    void absentNullAndDefaultArePlain(String extra) throws IOException {
        LlamaConfig c = read(extra);
        assertEquals(new RopeScaling.Default(), c.ropeScaling());
        assertEquals(10000.0, c.ropeTheta());
        assertEquals(1.0, c.partialRotaryFactor());
        assertTrue(c.plainRope());
        // the 13-argument constructor means exactly this
        assertEquals(new LlamaConfig("llama", 100, 256, 512, 2, 4, 2, 64, 10000.0, 1e-6, 4096, false, false), c);
    }

    @Test
    void linear() throws IOException {
        assertEquals(new RopeScaling.Linear(4), read("\"rope_scaling\":{\"type\":\"linear\",\"factor\":4.0}").ropeScaling());
        LlamaConfig v5 = read("\"rope_parameters\":{\"rope_type\":\"linear\",\"factor\":2,\"rope_theta\":500000.0}");
        assertEquals(new RopeScaling.Linear(2), v5.ropeScaling());
        assertEquals(500000.0, v5.ropeTheta()); // v5's rope_theta wins over the top-level one
        assertFalse(v5.plainRope());
    }

    @Test
    void dynamic() throws IOException {
        assertEquals(new RopeScaling.DynamicNtk(2), read("\"rope_scaling\":{\"type\":\"dynamic\",\"factor\":2.0}").ropeScaling());
        assertEquals(new RopeScaling.DynamicNtk(8),
                read("\"rope_parameters\":{\"rope_type\":\"dynamic\",\"factor\":8,\"rope_theta\":10000}").ropeScaling());
    }

    @Test
    void yarn() throws IOException {
        // Qwen2.5's long-context recipe (v4, legacy "type"), and Yarn-Llama-2's "finetuned" flag
        assertEquals(RopeScaling.Yarn.of(4, 32768), read("\"rope_scaling\":{\"type\":\"yarn\",\"factor\":4.0,"
                + "\"original_max_position_embeddings\":32768}").ropeScaling());
        assertEquals(RopeScaling.Yarn.of(16, 4096), read("\"rope_scaling\":{\"factor\":16.0,\"finetuned\":true,"
                + "\"original_max_position_embeddings\":4096,\"type\":\"yarn\"}").ropeScaling());
        LlamaConfig v5 = read("\"rope_parameters\":{\"rope_type\":\"yarn\",\"factor\":8,\"original_max_position_embeddings\":2048,"
                + "\"beta_fast\":24,\"beta_slow\":2,\"mscale\":0.707,\"mscale_all_dim\":1.0,\"rope_theta\":1000000}");
        assertEquals(new RopeScaling.Yarn(8, 2048, 24, 2, OptionalDouble.empty(), 0.707, 1.0, true), v5.ropeScaling());
        assertEquals(1e6, v5.ropeTheta());
    }

    @Test
    void llama31IsLlama3NotPlain() throws IOException {
        LlamaConfig c = read("\"rope_scaling\":{\"factor\":8.0,\"low_freq_factor\":1.0,\"high_freq_factor\":4.0,"
                + "\"original_max_position_embeddings\":8192,\"rope_type\":\"llama3\"}");
        assertEquals(new RopeScaling.Llama3(8, 1, 4, 8192), c.ropeScaling());
        assertFalse(c.plainRope());
        // the slowest pair is divided by the factor, the fastest kept
        double[] plain = new RopeScaling.Default().frequencies(c.ropeGeometry()).invFreq();
        double[] scaled = c.ropeScaling().frequencies(c.ropeGeometry()).invFreq();
        assertEquals(plain[0], scaled[0], 0.0);
        assertEquals(plain[31] / 8, scaled[31], 1e-20);
        assertEquals(new RopeScaling.Llama3(8, 1, 4, 8192), read("\"rope_parameters\":{\"rope_type\":\"llama3\",\"factor\":8.0,"
                + "\"low_freq_factor\":1.0,\"high_freq_factor\":4.0,\"original_max_position_embeddings\":8192,"
                + "\"rope_theta\":500000.0}").ropeScaling());
    }

    @Test
    void longrope() throws IOException {
        // Phi-3 style (v4): 32 numbers each for head 64
        LlamaConfig v4 = read("\"rope_scaling\":{\"type\":\"longrope\",\"short_factor\":" + list(32, 1.0, 0.01)
                + ",\"long_factor\":" + list(32, 1.0, 0.25) + ",\"original_max_position_embeddings\":2048}");
        RopeScaling.LongRope r = (RopeScaling.LongRope) v4.ropeScaling();
        assertEquals(1.25, r.longFactor()[1]);
        assertEquals(2048, r.originalMaxPositionEmbeddings());
        // v5 with partial_rotary_factor 0.5 inside: 16 numbers
        LlamaConfig v5 = read("\"rope_parameters\":{\"rope_type\":\"longrope\",\"short_factor\":" + list(16, 1.0, 0.0)
                + ",\"long_factor\":" + list(16, 2.0, 0.0) + ",\"factor\":2.0,\"original_max_position_embeddings\":2048,"
                + "\"rope_theta\":10000.0,\"partial_rotary_factor\":0.5}");
        assertEquals(0.5, v5.partialRotaryFactor());
        assertEquals(32, v5.ropeGeometry().rotaryDim());
        assertEquals(new RopeScaling.LongRope(new double[16], new double[16], OptionalDouble.of(2), 2048,
                OptionalDouble.empty()).type(), v5.ropeScaling().type());
        assertFalse(v5.plainRope());
    }

    @Test
    void topLevelPartialRotaryFactorIsKept() throws IOException {
        LlamaConfig c = read("\"partial_rotary_factor\":0.5");
        assertEquals(new RopeScaling.Default(), c.ropeScaling());
        assertEquals(0.5, c.partialRotaryFactor());
        assertFalse(c.plainRope()); // so the decoder can refuse it by name
    }

    @Test
    void giraffeUnderLmlabsName() throws IOException {
        assertEquals(RopeScaling.GiraffeTruncation.of(1000),
                read("\"rope_scaling\":{\"rope_type\":\"giraffe\",\"truncate\":1000}").ropeScaling());
    }

    @Test
    void unknownTypeNamesFileKeyAndKnownTypes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read("\"rope_scaling\":{\"type\":\"su\",\"factor\":2}"));
        String m = e.getMessage();
        assertTrue(m.startsWith(dir.resolve("config.json") + ": \"rope_scaling\": unknown rope_type \"su\"; expected one of "
                + "default, linear, dynamic, ntk, yarn, llama3, longrope, giraffe"), m);
        IllegalArgumentException v5 = assertThrows(IllegalArgumentException.class,
                () -> read("\"rope_parameters\":{\"rope_type\":\"mrope\"}"));
        assertTrue(v5.getMessage().contains("\"rope_parameters\": unknown rope_type \"mrope\""), v5.getMessage());
    }

    @Test
    void malformedObjectsFailOnLoadWithTheKey() {
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> read("\"rope_scaling\":{\"type\":\"longrope\",\"short_factor\":" + list(31, 1.0, 0.0)
                        + ",\"long_factor\":" + list(31, 1.0, 0.0) + "}"));
        assertTrue(length.getMessage().contains("\"rope_scaling\": longrope short_factor must have rotary_dim / 2 = 32"),
                length.getMessage());
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> read("\"rope_scaling\":{\"type\":\"linear\",\"factor\":2},\"rope_parameters\":{\"rope_type\":\"linear\",\"factor\":4}"));
        assertTrue(both.getMessage().contains("both \"rope_scaling\" and \"rope_parameters\" are set and differ"),
                both.getMessage());
        IllegalArgumentException perLayer = assertThrows(IllegalArgumentException.class,
                () -> read("\"rope_parameters\":{\"full_attention\":{\"rope_type\":\"default\"},"
                        + "\"sliding_attention\":{\"rope_type\":\"default\"}}"));
        assertTrue(perLayer.getMessage().contains("per-layer-type"), perLayer.getMessage());
        IllegalArgumentException notObject = assertThrows(IllegalArgumentException.class,
                () -> read("\"rope_scaling\":\"yarn\""));
        assertTrue(notObject.getMessage().contains("\"rope_scaling\": expected an object"), notObject.getMessage());
        assertThrows(IllegalArgumentException.class, () -> read("\"rope_scaling\":{\"rope_type\":\"llama3\",\"factor\":8}"));
    }
}
