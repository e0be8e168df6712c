package org.lmlab.model.rope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lmlab.reference.PythonReference;

/**
 * Acceptance 1 of issue 15: every variant's inv_freq and attention factor equal an independent
 * numpy float64 recomputation of transformers v5.0.0's formulas (rope_reference.py), over head
 * sizes 64, 128 and 96 with partial rotary 0.5, bases 10,000 and 500,000 and factors 2, 4, 8, 16
 * (plus lmlab's Giraffe truncation, checked against abacusai/Long-Context's truncate_frequency);
 * cos/sin (times the attention factor) agree at positions up to 131,072. Each config goes through
 * {@link RopeScalingJson} on the Java side and a plain dict on the Python side.
 */
class RopeScalingNumpyTest {

    static final int MAX_POS = 4096;
    static final long[] POSITIONS = {0, 1, 2, 3, 7, 100, 1023, 1024, 2047, 2048, 4095, 4096, 8191, 8192,
        16383, 32767, 65535, 100000, 131071, 131072};
    static final double INV_TOLERANCE = 1e-12; // relative
    static final double TRIG_TOLERANCE = 1e-9; // absolute: angles reach 1.3e5 rad, whose ulp is 1.5e-11

    record Case(String name, String variant, Map<String, Object> config, int headDim, double base,
            double partialRotaryFactor, int seqLen) {
    }

    static List<Case> cases;
    static JsonObject reference;

    @BeforeAll
    static void runNumpy() throws Exception {
        cases = cases();
        List<Map<String, Object>> input = new ArrayList<>();
        for (Case c : cases) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("config", c.config());
            m.put("head_dim", c.headDim());
            m.put("base", c.base());
            m.put("partial_rotary_factor", c.partialRotaryFactor());
            m.put("max_position_embeddings", MAX_POS);
            m.put("seq_len", c.seqLen() == 0 ? null : c.seqLen());
            input.add(m);
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("positions", POSITIONS);
        spec.put("cases", input);
        reference = PythonReference.runOnJson(script(), spec);
    }

    static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        Random random = new Random(15);
        int[][] heads = {{64, 10}, {128, 10}, {96, 5}}; // head_dim, partial_rotary_factor × 10
        for (int[] h : heads) {
            int headDim = h[0];
            double prf = h[1] / 10.0;
            int pairs = (int) (headDim * prf) / 2;
            for (double base : new double[] {10000, 500000}) {
                String g = "d" + headDim + "p" + prf + "b" + (long) base;
                out.add(new Case(g + " default", "default", Map.of("rope_type", "default"), headDim, base, prf, 0));
                add(out, g + " ", "giraffe (lmlab)", Map.of("rope_type", "giraffe", "truncate", 1000), headDim, base,
                        prf, 0);
                add(out, g + " explicit ", "giraffe (lmlab)", Map.of("rope_type", "giraffe", "b", 0.02, "a", 0.001,
                        "rho", 0.004), headDim, base, prf, 0);
                for (int f : new int[] {2, 4, 8, 16}) {
                    String n = g + " f" + f + " ";
                    add(out, n, "linear", Map.of("rope_type", "linear", "factor", f), headDim, base, prf, 0);
                    add(out, n, "ntk (lmlab)", Map.of("rope_type", "ntk", "factor", f), headDim, base, prf, 0);
                    Map<String, Object> dynamic = Map.of("type", "dynamic", "factor", f);
                    add(out, n + "no seq_len", "dynamic, below/at original", dynamic, headDim, base, prf, 0);
                    add(out, n + "seq 1000", "dynamic, below/at original", dynamic, headDim, base, prf, 1000);
                    add(out, n + "seq 4097", "dynamic, above original", dynamic, headDim, base, prf, MAX_POS + 1);
                    add(out, n + "seq 70001", "dynamic, above original", dynamic, headDim, base, prf, 70001);
                    add(out, n, "yarn (defaults)", Map.of("rope_type", "yarn", "factor", f,
                            "original_max_position_embeddings", 2048), headDim, base, prf, 0);
                    add(out, n + "orig from max_pos", "yarn (defaults)", Map.of("type", "yarn", "factor", f),
                            headDim, base, prf, 0);
                    add(out, n, "yarn mscale/mscale_all_dim", Map.of("rope_type", "yarn", "factor", f,
                            "original_max_position_embeddings", 1024, "mscale", 0.707, "mscale_all_dim", 1.0),
                            headDim, base, prf, 0);
                    add(out, n + "mscale only", "yarn mscale/mscale_all_dim", Map.of("rope_type", "yarn", "factor", f,
                            "original_max_position_embeddings", 1024, "mscale", 1.0, "mscale_all_dim", 0),
                            headDim, base, prf, 0);
                    add(out, n, "yarn truncate=false", Map.of("rope_type", "yarn", "factor", f,
                            "original_max_position_embeddings", 2048, "truncate", false, "beta_fast", 24.0,
                            "beta_slow", 2.0), headDim, base, prf, 0);
                    add(out, n, "yarn attention_factor, betas 0", Map.of("rope_type", "yarn", "factor", f,
                            "original_max_position_embeddings", 2048, "attention_factor", 0.8, "beta_fast", 0,
                            "beta_slow", 0, "mscale", 1.0, "mscale_all_dim", 1.0), headDim, base, prf, 0);
                    add(out, n, "giraffe (lmlab)", Map.of("rope_type", "giraffe", "truncate", 4096, "factor", f),
                            headDim, base, prf, 0);
                    add(out, n, "llama3", Map.of("rope_type", "llama3", "factor", f, "low_freq_factor", 1.0,
                            "high_freq_factor", 4.0, "original_max_position_embeddings", 2048), headDim, base, prf, 0);
                    add(out, n + "lf2 hf8", "llama3", Map.of("rope_type", "llama3", "factor", f, "low_freq_factor", 2,
                            "high_freq_factor", 8, "original_max_position_embeddings", 1024), headDim, base, prf, 0);
                    Map<String, Object> longrope = new LinkedHashMap<>();
                    longrope.put("type", "longrope");
                    longrope.put("short_factor", randomFactors(random, pairs, 1.0, 1.2));
                    longrope.put("long_factor", randomFactors(random, pairs, 1.0, f * 1.5));
                    longrope.put("original_max_position_embeddings", 2048);
                    add(out, n + "seq 2048", "longrope, short (seq <= orig)", longrope, headDim, base, prf, 2048);
                    add(out, n + "no seq", "longrope, short (seq <= orig)", longrope, headDim, base, prf, 0);
                    add(out, n + "seq 2049", "longrope, long (seq > orig)", longrope, headDim, base, prf, 2049);
                    Map<String, Object> explicit = new LinkedHashMap<>(longrope);
                    explicit.put("factor", (double) f);
                    add(out, n + "factor, seq 9000", "longrope, long (seq > orig)", explicit, headDim, base, prf, 9000);
                    Map<String, Object> attention = new LinkedHashMap<>(explicit);
                    attention.put("attention_factor", 1.25);
                    add(out, n + "attention_factor", "longrope, long (seq > orig)", attention, headDim, base, prf, 9000);
                }
            }
        }
        return out;
    }

    static void add(List<Case> out, String name, String variant, Map<String, Object> config, int headDim,
            double base, double prf, int seqLen) {
        out.add(new Case(name + variant, variant, config, headDim, base, prf, seqLen));
    }

    static List<Double> randomFactors(Random random, int n, double lo, double hi) {
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            values.add(lo + (hi - lo) * random.nextDouble());
        }
        return values;
    }

    static String script() throws IOException {
        try (InputStream in = RopeScalingNumpyTest.class.getResourceAsStream("rope_reference.py")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static RopeFrequencies java(Case c) {
        RopeConfig config = RopeScalingJson.parse(new Gson().toJson(c.config()));
        return config.frequencies(new RopeGeometry(c.headDim(), c.base(), c.partialRotaryFactor(), MAX_POS), c.seqLen());
    }

    /** Largest relative inv_freq / attention-factor difference and absolute cos/sin difference per variant. */
    @Test
    void everyVariantMatchesNumpy() {
        JsonArray results = reference.getAsJsonArray("cases");
        assertEquals(cases.size(), results.size());
        Map<String, double[]> worst = new TreeMap<>();
        for (int k = 0; k < cases.size(); k++) {
            Case c = cases.get(k);
            JsonObject r = results.get(k).getAsJsonObject();
            assertEquals(c.name(), r.get("name").getAsString());
            RopeFrequencies f = java(c);
            JsonArray inv = r.getAsJsonArray("inv_freq");
            assertEquals(inv.size(), f.pairs(), c.name());
            assertEquals((int) (c.headDim() * c.partialRotaryFactor()) / 2, f.pairs(), c.name());
            double[] w = worst.computeIfAbsent(c.variant(), v -> new double[3]);
            for (int i = 0; i < f.pairs(); i++) {
                double expected = inv.get(i).getAsDouble();
                // Giraffe zeroes the slowest pairs: those must be exactly 0
                double rel = expected == 0 ? Math.abs(f.invFreq(i)) : Math.abs(f.invFreq(i) - expected) / Math.abs(expected);
                assertTrue(rel <= INV_TOLERANCE, c.name() + " inv_freq[" + i + "] " + f.invFreq(i) + " vs " + expected);
                w[0] = Math.max(w[0], rel);
            }
            double expectedFactor = r.get("attention_factor").getAsDouble();
            double relFactor = Math.abs(f.attentionFactor() - expectedFactor) / expectedFactor;
            assertTrue(relFactor <= INV_TOLERANCE, c.name() + " attention factor " + f.attentionFactor() + " vs "
                    + expectedFactor);
            w[1] = Math.max(w[1], relFactor);
            JsonArray cos = r.getAsJsonArray("cos");
            JsonArray sin = r.getAsJsonArray("sin");
            for (int p = 0; p < POSITIONS.length; p++) {
                double[] jc = f.cos(POSITIONS[p]);
                double[] js = f.sin(POSITIONS[p]);
                JsonArray rc = cos.get(p).getAsJsonArray();
                JsonArray rs = sin.get(p).getAsJsonArray();
                for (int i = 0; i < f.pairs(); i++) {
                    double dc = Math.abs(jc[i] - rc.get(i).getAsDouble());
                    double ds = Math.abs(js[i] - rs.get(i).getAsDouble());
                    assertTrue(dc <= TRIG_TOLERANCE && ds <= TRIG_TOLERANCE,
                            c.name() + " cos/sin at position " + POSITIONS[p] + " pair " + i + ": " + dc + ", " + ds);
                    w[2] = Math.max(w[2], Math.max(dc, ds));
                }
            }
        }
        System.out.println("RoPE scaling vs numpy float64 (" + cases.size() + " cases): variant | max rel inv_freq"
                + " | max rel attention factor | max abs cos/sin (positions <= 131072)");
        worst.forEach((v, w) -> System.out.printf("  %s | %.3g | %.3g | %.3g%n", v, w[0], w[1], w[2]));
        System.out.println("float32 (transformers' dtype) max |delta cos| vs float64, default RoPE: "
                + reference.get("float32"));
    }

    /** The grid covers every variant the parser knows, and YaRN's ramp is neither empty nor whole. */
    @Test
    void casesCoverEveryVariant() {
        assertEquals(List.of("default", "dynamic", "giraffe", "linear", "llama3", "longrope", "ntk", "yarn"),
                cases.stream().map(c -> RopeScalingJson.parse(new Gson().toJson(c.config())).scaling().type())
                        .distinct().sorted().toList());
        RopeFrequencies yarn = RopeScaling.Yarn.of(8, 2048).frequencies(RopeGeometry.of(128, 10000));
        RopeFrequencies plain = new RopeScaling.Default().frequencies(RopeGeometry.of(128, 10000));
        assertEquals(plain.invFreq(0), yarn.invFreq(0), 0.0); // fastest pair extrapolated
        assertEquals(plain.invFreq(63) / 8, yarn.invFreq(63), 1e-30); // slowest pair interpolated
        // Giraffe's three bands are all populated: kept, set to rho, zeroed
        RopeScaling.GiraffeTruncation giraffe = RopeScaling.GiraffeTruncation.of(1000);
        double[] truncated = giraffe.frequencies(RopeGeometry.of(64, 10000)).invFreq();
        double[] original = plain(64);
        assertEquals(original[0], truncated[0], 0.0);
        assertTrue(java.util.Arrays.stream(truncated).anyMatch(v -> v == giraffe.rho()));
        assertEquals(0.0, truncated[31], 0.0);
    }

    static double[] plain(int headDim) {
        return new RopeScaling.Default().frequencies(RopeGeometry.of(headDim, 10000)).invFreq();
    }
}
