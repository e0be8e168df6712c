package org.lmlab.model.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.model.LlamaConfig;
import org.lmlab.model.rope.RopeFrequencies;
import org.lmlab.model.rope.RopeScaling;
import org.lmlab.reference.PythonReference;

/**
 * Issue 15, "checkpoints carry their scaling", GGUF side: files written with gguf-py's GGUFWriter
 * (write_rope.py) carrying {@code llama.rope.scaling.*} keys and {@code rope_freqs.weight} /
 * {@code rope_factors_*} tensors; frequencies from rope_freqs equal numpy's base^(-2i/d) /
 * freq_factors[i] (llama.cpp's theta / freq_factors) computed from the stored float32 factors.
 */
class GgufRopeTest {

    @TempDir
    static Path dir;

    static final Map<String, JsonObject> CASES = new LinkedHashMap<>();
    static final Map<String, Object> LLAMA31 = Map.of("llama3",
            Map.of("factor", 8.0, "low", 1.0, "high", 4.0, "orig", 8192));

    @BeforeAll
    static void writeFiles() throws Exception {
        List<Map<String, Object>> cases = new ArrayList<>();
        cases.add(spec("llama31", 128, 500000, 131072, List.of(), Map.of("rope_freqs.weight", LLAMA31)));
        cases.add(spec("none_freqs", 64, 10000, 4096, List.of(kv("rope.scaling.type", "string", "none")),
                Map.of("rope_freqs.weight", LLAMA31)));
        cases.add(spec("partial", 128, 10000, 4096, List.of(kv("rope.dimension_count", "u32", 64)),
                Map.of("rope_freqs.weight", range(32, 1.0, 0.125))));
        cases.add(spec("plain", 64, 10000, 4096, List.of(), Map.of()));
        cases.add(spec("none", 64, 10000, 4096, List.of(kv("rope.scaling.type", "string", "none"),
                kv("rope.scaling.factor", "f32", 4.0)), Map.of()));
        cases.add(spec("linear", 64, 10000, 4096, List.of(kv("rope.scaling.type", "string", "linear"),
                kv("rope.scaling.factor", "f32", 4.0)), Map.of()));
        cases.add(spec("legacy_linear", 64, 10000, 4096, List.of(kv("rope.scale_linear", "f32", 2.0)), Map.of()));
        cases.add(spec("yarn", 64, 10000, 4096, List.of(kv("rope.scaling.type", "string", "yarn"),
                kv("rope.scaling.factor", "f32", 4.0), kv("rope.scaling.original_context_length", "u32", 2048),
                kv("rope.scaling.yarn_beta_fast", "f32", 24.0), kv("rope.scaling.yarn_beta_slow", "f32", 2.0)),
                Map.of()));
        cases.add(spec("yarn_orig_from_context", 64, 10000, 4096, List.of(kv("rope.scaling.type", "string", "yarn"),
                kv("rope.scaling.factor", "f32", 8.0)), Map.of()));
        cases.add(spec("yarn_attention", 64, 10000, 4096, List.of(kv("rope.scaling.type", "string", "yarn"),
                kv("rope.scaling.factor", "f32", 4.0), kv("rope.scaling.original_context_length", "u32", 2048),
                kv("rope.scaling.yarn_log_multiplier", "f32", 0.5), kv("rope.scaling.attn_factor", "f32", 1.25)),
                Map.of()));
        cases.add(spec("yarn_explicit", 64, 10000, 4096, List.of(kv("rope.scaling.type", "string", "yarn"),
                kv("rope.scaling.factor", "f32", 4.0), kv("rope.scaling.original_context_length", "u32", 2048),
                kv("rope.scaling.yarn_attn_factor", "f32", 0.75)), Map.of()));
        cases.add(spec("longrope", 64, 10000, 131072, List.of(kv("rope.scaling.type", "string", "longrope"),
                kv("rope.scaling.attn_factor", "f32", 1.5), kv("rope.scaling.original_context_length", "u32", 4096)),
                Map.of("rope_factors_short.weight", range(32, 1.0, 0.0), "rope_factors_long.weight",
                        range(32, 1.0, 0.5))));
        // files lmlab refuses
        cases.add(spec("unknown", 64, 10000, 4096, List.of(kv("rope.scaling.type", "string", "su")), Map.of()));
        cases.add(spec("bad_length", 64, 10000, 4096, List.of(), Map.of("rope_freqs.weight", range(10, 1.0, 0.0))));
        cases.add(spec("yarn_freqs", 64, 10000, 4096, List.of(kv("rope.scaling.type", "string", "yarn"),
                kv("rope.scaling.factor", "f32", 4.0)), Map.of("rope_freqs.weight", range(32, 1.0, 0.0))));
        cases.add(spec("linear_freqs", 64, 10000, 4096, List.of(kv("rope.scaling.factor", "f32", 2.0)),
                Map.of("rope_freqs.weight", range(32, 1.0, 0.0))));
        cases.add(spec("longrope_missing", 64, 10000, 4096, List.of(kv("rope.scaling.type", "string", "longrope")),
                Map.of("rope_factors_short.weight", range(32, 1.0, 0.0))));
        cases.add(spec("yarn_ext", 64, 10000, 4096, List.of(kv("rope.scaling.type", "string", "yarn"),
                kv("rope.scaling.factor", "f32", 4.0), kv("rope.scaling.yarn_ext_factor", "f32", 0.5)), Map.of()));
        cases.add(spec("plain_attention", 64, 10000, 4096, List.of(kv("rope.scaling.attn_factor", "f32", 1.5)),
                Map.of()));
        JsonObject out = PythonReference.runOnJson(BundledModel.script("write_rope.py"),
                Map.of("dir", dir.toString(), "cases", cases));
        for (var e : out.getAsJsonArray("cases")) {
            CASES.put(e.getAsJsonObject().get("name").getAsString(), e.getAsJsonObject());
        }
    }

    static Map<String, Object> spec(String name, int headDim, double base, int context, List<List<Object>> kv,
            Map<String, Object> tensors) {
        return Map.of("name", name, "head_dim", headDim, "base", base, "context", context, "kv", kv,
                "tensors", tensors);
    }

    static List<Object> kv(String key, String type, Object value) {
        return List.of(key, type, value);
    }

    static List<Double> range(int n, double start, double step) {
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            values.add(start + i * step);
        }
        return values;
    }

    static LlamaConfig config(String name) {
        try (GgufTensorSource source = GgufTensorSource.open(Path.of(CASES.get(name).get("file").getAsString()))) {
            return source.config();
        }
    }

    static double[] doubles(JsonArray a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsDouble();
        }
        return out;
    }

    /** Largest relative difference, asserting each is within {@code tolerance}. */
    static double maxRelative(double[] expected, double[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double rel = Math.abs(actual[i] - expected[i]) / Math.abs(expected[i]);
            assertTrue(rel <= tolerance, what + " [" + i + "]: " + actual[i] + " vs " + expected[i]);
            worst = Math.max(worst, rel);
        }
        return worst;
    }

    @Test
    void llama31RopeFreqsAreReadAndMatchNumpy() {
        LlamaConfig c = config("llama31");
        RopeScaling.FrequencyFactors scaling = (RopeScaling.FrequencyFactors) c.ropeScaling();
        JsonObject ref = CASES.get("llama31");
        assertArrayEquals(doubles(ref.getAsJsonArray("factors")), scaling.factors(), 0.0);
        assertEquals(1.0, scaling.attentionFactor());
        assertFalse(c.plainRope());
        RopeFrequencies f = scaling.frequencies(c.ropeGeometry());
        double vsNumpy = maxRelative(doubles(ref.getAsJsonArray("inv_freq")), f.invFreq(), 1e-15, "theta / freq_factors");
        // the float32 factors against transformers' llama3 formula in float64 (and lmlab's Llama3 variant)
        double[] llama3 = new RopeScaling.Llama3(8, 1, 4, 8192).frequencies(c.ropeGeometry()).invFreq();
        maxRelative(doubles(ref.getAsJsonArray("llama3_inv_freq")), llama3, 1e-15, "numpy llama3 vs Llama3");
        double vsLlama3 = maxRelative(llama3, f.invFreq(), 1e-7, "rope_freqs vs llama3 formula");
        System.out.printf("rope_freqs.weight (Llama 3.1, head 128, base 5e5): max rel inv_freq vs numpy theta/freq_factors"
                + " %.3g; vs the llama3 formula in float64 %.3g (float32 storage of the factors)%n", vsNumpy, vsLlama3);
        assertTrue(vsLlama3 > 0, "the factors are stored in float32, so some pair differs");
    }

    @Test
    void ropeFreqsWithTypeNoneAndWithPartialRotary() {
        assertTrue(config("none_freqs").ropeScaling() instanceof RopeScaling.FrequencyFactors);
        maxRelative(doubles(CASES.get("none_freqs").getAsJsonArray("inv_freq")),
                config("none_freqs").ropeScaling().frequencies(config("none_freqs").ropeGeometry()).invFreq(), 1e-15,
                "none + rope_freqs");
        LlamaConfig partial = config("partial");
        assertEquals(128, partial.headDim());
        assertEquals(0.5, partial.partialRotaryFactor());
        assertFalse(partial.plainRope());
        double[] inv = partial.ropeScaling().frequencies(partial.ropeGeometry()).invFreq();
        assertEquals(32, inv.length);
        maxRelative(doubles(CASES.get("partial").getAsJsonArray("inv_freq")), inv, 1e-15, "partial rotary");
    }

    @Test
    void scalingKeys() {
        assertEquals(new RopeScaling.Default(), config("plain").ropeScaling());
        assertTrue(config("plain").plainRope());
        assertEquals(new RopeScaling.Default(), config("none").ropeScaling()); // llama.cpp: "none" never scales
        assertEquals(new RopeScaling.Linear(4), config("linear").ropeScaling());
        assertEquals(new RopeScaling.Linear(2), config("legacy_linear").ropeScaling());
        assertEquals(new RopeScaling.Yarn(4, 2048, 24, 2, OptionalDouble.empty(), 0, 0, true),
                config("yarn").ropeScaling());
        assertEquals(RopeScaling.Yarn.of(8, 4096), config("yarn_orig_from_context").ropeScaling());
        LlamaConfig attention = config("yarn_attention");
        double mscale = (0.1 * Math.log(4) + 1) / (0.1 * 0.5 * Math.log(4) + 1); // get_mscale(4, 1) / get_mscale(4, 0.5)
        assertEquals(mscale * 1.25, attention.ropeScaling().frequencies(attention.ropeGeometry()).attentionFactor(), 1e-15);
        LlamaConfig explicit = config("yarn_explicit");
        assertEquals(0.75, explicit.ropeScaling().frequencies(explicit.ropeGeometry()).attentionFactor());
        RopeScaling.LongRope longrope = (RopeScaling.LongRope) config("longrope").ropeScaling();
        assertArrayEquals(range(32, 1.0, 0.5).stream().mapToDouble(Double::doubleValue).toArray(), longrope.longFactor());
        assertEquals(4096, longrope.originalMaxPositionEmbeddings());
        assertEquals(OptionalDouble.of(1.5), longrope.attentionFactor());
        RopeFrequencies past = longrope.frequencies(config("longrope").ropeGeometry(), 4097);
        assertEquals(1.0 / (1 + 31 * 0.5) / Math.pow(10000, 62.0 / 64), past.invFreq(31), 1e-18);
    }

    @Test
    void unknownTypeNamesFileKeyAndKnownTypes() {
        GgufException e = assertThrows(GgufException.class, () -> config("unknown"));
        assertEquals(CASES.get("unknown").get("file").getAsString() + ": metadata llama.rope.scaling.type = \"su\" is not"
                + " a RoPE scaling type lmlab knows; expected one of none, linear, yarn, longrope", e.getMessage());
    }

    @Test
    void refusedCombinationsAreNamed() {
        assertMessage("bad_length", "tensor rope_freqs.weight has 10 values; one per rotary pair expected, rotary_dim / 2 = 32");
        assertMessage("yarn_freqs", "rope_freqs.weight together with llama.rope.scaling.type = \"yarn\" is not supported");
        assertMessage("linear_freqs", "rope_freqs.weight together with a linear factor 2.0 (llama.rope.scaling.factor) is not supported");
        assertMessage("longrope_missing", "LongRoPE needs the tensors rope_factors_short.weight and"
                + " rope_factors_long.weight; rope_factors_long.weight is missing");
        assertMessage("yarn_ext", "llama.rope.scaling.yarn_ext_factor = 0.5 is not supported");
        assertMessage("plain_attention", "llama.rope.scaling.attn_factor = 1.5 on plain or linear RoPE is not supported");
    }

    static void assertMessage(String name, String part) {
        GgufException e = assertThrows(GgufException.class, () -> config(name));
        assertTrue(e.getMessage().startsWith(CASES.get(name).get("file").getAsString() + ": RoPE scaling"), e.getMessage());
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
