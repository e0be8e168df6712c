package org.lmlab.model.rope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The config.json form: what each key becomes, and a clear error for each bad input. */
class RopeScalingJsonTest {

    static final RopeGeometry G64 = new RopeGeometry(64, 10000, 1.0, 4096);

    static String error(String json) {
        return assertThrows(IllegalArgumentException.class, () -> RopeScalingJson.parse(json)).getMessage();
    }

    @Test
    void readsTheIssueExampleWithPaperDefaults() {
        RopeConfig c = RopeScalingJson.parse("{\"rope_type\":\"yarn\",\"factor\":4,\"original_max_position_embeddings\":2048}");
        assertEquals(RopeScaling.Yarn.of(4, 2048), c.scaling());
        RopeScaling.Yarn yarn = (RopeScaling.Yarn) c.scaling();
        assertEquals(32, yarn.betaFast());
        assertEquals(1, yarn.betaSlow());
        assertTrue(yarn.truncate());
        assertEquals(0.1 * Math.log(4) + 1, yarn.effectiveAttentionFactor(), 0.0);
    }

    @Test
    void olderTypeKeyAndNullsReadAsTransformersDoes() {
        assertEquals(new RopeScaling.Linear(2), RopeScalingJson.parse("{\"type\":\"linear\",\"factor\":2.0}").scaling());
        assertEquals(new RopeScaling.Default(), RopeScalingJson.parse("{}").scaling());
        RopeScaling.Yarn yarn = (RopeScaling.Yarn) RopeScalingJson.parse(
                "{\"type\":\"yarn\",\"factor\":8,\"beta_fast\":0,\"beta_slow\":null,\"truncate\":null,"
                        + "\"attention_factor\":null}").scaling();
        assertEquals(32, yarn.betaFast()); // `or 32`: 0 becomes the default
        assertEquals(1, yarn.betaSlow());
        assertFalse(yarn.truncate()); // `if truncate:` with None
        assertEquals(OptionalDouble.empty(), yarn.attentionFactor());
        assertEquals(0, yarn.originalMaxPositionEmbeddings()); // then max_position_embeddings
    }

    @Test
    void mscaleNeedsBothKeys() {
        double f = 40;
        RopeScaling.Yarn both = (RopeScaling.Yarn) RopeScalingJson.parse(
                "{\"rope_type\":\"yarn\",\"factor\":40,\"mscale\":0.707,\"mscale_all_dim\":1.0}").scaling();
        assertEquals((0.1 * 0.707 * Math.log(f) + 1) / (0.1 * Math.log(f) + 1), both.effectiveAttentionFactor(), 1e-15);
        RopeScaling.Yarn one = (RopeScaling.Yarn) RopeScalingJson.parse(
                "{\"rope_type\":\"yarn\",\"factor\":40,\"mscale\":0.707}").scaling();
        assertEquals(0.1 * Math.log(f) + 1, one.effectiveAttentionFactor(), 0.0);
    }

    @Test
    void ropeThetaAndPartialRotaryFactorOverrideTheGeometry() {
        RopeConfig c = RopeScalingJson.parse("{\"rope_type\":\"default\",\"rope_theta\":500000,\"partial_rotary_factor\":0.5}");
        RopeGeometry g = c.applyTo(G64);
        assertEquals(500000, g.base());
        assertEquals(32, g.rotaryDim());
        assertEquals(16, c.frequencies(G64).pairs());
    }

    @Test
    void unknownRopeTypeListsTheKnownOnes() {
        String m = error("{\"rope_type\":\"yarnn\",\"factor\":4}");
        assertTrue(m.contains("unknown rope_type \"yarnn\""), m);
        assertTrue(m.contains("default, linear, dynamic, ntk, yarn, llama3, longrope"), m);
    }

    @Test
    void missingRequiredKeyNamesIt() {
        assertEquals("rope_type \"yarn\" needs key \"factor\" (a number)",
                error("{\"rope_type\":\"yarn\",\"original_max_position_embeddings\":2048}"));
        assertEquals("rope_type \"llama3\" needs key \"high_freq_factor\" (a number)",
                error("{\"rope_type\":\"llama3\",\"factor\":8,\"low_freq_factor\":1,\"original_max_position_embeddings\":8192}"));
        assertEquals("rope_type \"longrope\" needs key \"long_factor\" (a list of rotary_dim / 2 numbers)",
                error("{\"rope_type\":\"longrope\",\"short_factor\":[1,1]}"));
        assertEquals("rope_type \"linear\" needs key \"factor\" (a number)", error("{\"type\":\"linear\",\"factor\":null}"));
    }

    @Test
    void factorMustBePositive() {
        assertEquals("factor must be a finite number > 0, got 0.0", error("{\"rope_type\":\"linear\",\"factor\":0}"));
        assertEquals("factor must be a finite number > 0, got -2.0", error("{\"rope_type\":\"dynamic\",\"factor\":-2}"));
        assertEquals("factor must be a finite number > 0, got -1.0",
                error("{\"rope_type\":\"yarn\",\"factor\":-1,\"original_max_position_embeddings\":2048}"));
        assertEquals("factor must be a finite number > 0, got 0.0",
                error("{\"rope_type\":\"longrope\",\"short_factor\":[1],\"long_factor\":[1],\"factor\":0}"));
        assertEquals("low_freq_factor must be a finite number > 0, got 0.0", error("{\"rope_type\":\"llama3\","
                + "\"factor\":8,\"low_freq_factor\":0,\"high_freq_factor\":4,\"original_max_position_embeddings\":8192}"));
    }

    @Test
    void longRopeListOfTheWrongLengthSaysWhatIsExpected() {
        double[] ok = new double[32];
        java.util.Arrays.fill(ok, 1.0);
        RopeScaling.LongRope bad = (RopeScaling.LongRope) RopeScalingJson.parse("{\"rope_type\":\"longrope\","
                + "\"short_factor\":" + java.util.Arrays.toString(new double[31]) + ",\"long_factor\":"
                + java.util.Arrays.toString(ok) + ",\"original_max_position_embeddings\":2048}").scaling();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bad.frequencies(G64, 0));
        assertEquals("longrope short_factor must have rotary_dim / 2 = 32 numbers (head_dim 64 × partial_rotary_factor"
                + " 1.0 = 64), got 31", e.getMessage());
        RopeGeometry partial = new RopeGeometry(96, 10000, 0.5, 4096);
        String m = assertThrows(IllegalArgumentException.class,
                () -> new RopeScaling.LongRope(new double[24], ok, OptionalDouble.empty(), 2048, OptionalDouble.empty())
                        .frequencies(partial, 0)).getMessage();
        assertTrue(m.startsWith("longrope long_factor must have rotary_dim / 2 = 24 numbers"), m);
        assertEquals("long_factor[1] must be a number, got \"x\"",
                error("{\"rope_type\":\"longrope\",\"short_factor\":[1],\"long_factor\":[1,\"x\"]}"));
    }

    @Test
    void otherBadInput() {
        String m = error("{\"rope_type\":\"linear\",\"factor\":2,\"beta_fast\":32}");
        assertEquals("unknown key \"beta_fast\" for rope_type \"linear\"; allowed: factor, rope_theta, partial_rotary_factor", m);
        assertEquals("rope_type \"yarn\" and type \"linear\" disagree; give one of them",
                error("{\"rope_type\":\"yarn\",\"type\":\"linear\",\"factor\":2}"));
        assertTrue(error("[1,2]").startsWith("RoPE scaling must be a JSON object"));
        assertTrue(error("{\"rope_type\":").startsWith("RoPE scaling is not valid JSON"));
        assertEquals("factor must be a number, got \"4\"", error("{\"rope_type\":\"linear\",\"factor\":\"4\"}"));
        assertEquals("truncate must be true or false, got 1",
                error("{\"rope_type\":\"yarn\",\"factor\":4,\"truncate\":1}"));
        assertEquals("original_max_position_embeddings must be a whole number > 0, got 2048.5",
                error("{\"rope_type\":\"yarn\",\"factor\":4,\"original_max_position_embeddings\":2048.5}"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RopeScaling.DynamicNtk(2).frequencies(RopeGeometry.of(64, 10000), 5000));
        assertEquals("rope_type \"dynamic\" needs max_position_embeddings (the model's context), which is unknown",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RopeGeometry(64, 10000, 0.3, 0)); // d = 19, odd
    }

    @Test
    void typesAndTheirKeysAreListed() {
        assertEquals(java.util.List.of("default", "linear", "dynamic", "ntk", "yarn", "llama3", "longrope", "giraffe"),
                RopeScalingJson.types());
        assertEquals(java.util.List.of("factor"), RopeScalingJson.keys("linear"));
        assertTrue(RopeScalingJson.keys("yarn").contains("beta_fast"));
        assertTrue(RopeScalingJson.keys("default").isEmpty());
        assertEquals("unknown rope_type \"yarnn\"; expected one of default, linear, dynamic, ntk, yarn, llama3, longrope, giraffe",
                assertThrows(IllegalArgumentException.class, () -> RopeScalingJson.keys("yarnn")).getMessage());
    }

    @Test
    void giraffeIsLmlabsTypeWithTheReferenceDefaults() {
        RopeScaling.GiraffeTruncation g = (RopeScaling.GiraffeTruncation)
                RopeScalingJson.parse("{\"rope_type\":\"giraffe\",\"truncate\":1000}").scaling();
        // abacusai/Long-Context interpolate.py: cutoff 2π/truncate, low 2π/(16·truncate), z = 8
        assertEquals(2 * Math.PI / 1000, g.b());
        assertEquals(2 * Math.PI / 1000 / 8, g.a());
        assertEquals(2 * Math.PI / 1000 / 16, g.rho());
        assertEquals(1.0, g.factor());
        assertEquals(new RopeScaling.GiraffeTruncation(2, 2 * Math.PI / 1000, 0.0005, 2 * Math.PI / 16000),
                RopeScalingJson.parse("{\"rope_type\":\"giraffe\",\"truncate\":1000,\"a\":0.0005,\"factor\":2}").scaling());
        assertEquals(new RopeScaling.GiraffeTruncation(1, 0.02, 0.001, 0.004),
                RopeScalingJson.parse("{\"type\":\"giraffe\",\"b\":0.02,\"a\":0.001,\"rho\":0.004}").scaling());
        assertEquals("rope_type \"giraffe\" needs key \"truncate\" (a wavelength in positions) or all of \"b\", \"a\","
                + " \"rho\"; \"rho\" is missing", error("{\"rope_type\":\"giraffe\",\"b\":0.02,\"a\":0.001}"));
        assertEquals("giraffe truncate must be a whole number > 0 (a wavelength in positions), got 10.5",
                error("{\"rope_type\":\"giraffe\",\"truncate\":10.5}"));
        assertEquals("giraffe factor must be a finite number >= 1, got 0.5",
                error("{\"rope_type\":\"giraffe\",\"truncate\":100,\"factor\":0.5}"));
        assertEquals("giraffe a must be in [0, b] = [0, 0.01], got 0.02",
                error("{\"rope_type\":\"giraffe\",\"b\":0.01,\"a\":0.02,\"rho\":0}"));
        assertTrue(error("{\"rope_type\":\"giraffe\",\"truncate\":100,\"beta_fast\":32}")
                .startsWith("unknown key \"beta_fast\" for rope_type \"giraffe\""));
    }

    @Test
    void frequencyFactorsDivideEachPair() {
        RopeGeometry g = RopeGeometry.of(8, 10000);
        RopeFrequencies f = new RopeScaling.FrequencyFactors(new double[] {1, 2, 4, 8}).frequencies(g);
        double[] plain = new RopeScaling.Default().frequencies(g).invFreq();
        for (int i = 0; i < 4; i++) {
            assertEquals(plain[i] / (1 << i), f.invFreq(i), 0.0);
        }
        assertEquals(1.0, f.attentionFactor());
        assertEquals(new RopeScaling.FrequencyFactors(new double[] {1, 2}), new RopeScaling.FrequencyFactors(new double[] {1, 2}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RopeScaling.FrequencyFactors(new double[] {1, 2}).frequencies(g));
        assertEquals("frequency factors must have rotary_dim / 2 = 4 numbers (head_dim 8 × partial_rotary_factor 1.0 = 8),"
                + " got 2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RopeScaling.FrequencyFactors(new double[] {1, 0}));
    }
}
