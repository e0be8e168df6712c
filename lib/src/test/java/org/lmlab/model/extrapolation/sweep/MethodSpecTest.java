package org.lmlab.model.extrapolation.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lmlab.model.extrapolation.Extrapolation;
import org.lmlab.model.extrapolation.Positions;
import org.lmlab.model.extrapolation.Window;
import org.lmlab.model.rope.RopeScaling;

/** The method specs a sweep takes: each form, its defaults, and the errors for bad ones. */
class MethodSpecTest {

    static final int TRAINED = 8192;

    static Extrapolation parse(String spec) {
        return MethodSpec.parse(spec, TRAINED).method();
    }

    @Test
    void everyFormBuildsTheMethodWithTheCatalogueDefaults() {
        assertEquals(Extrapolation.none(), parse("none"));
        assertEquals(Extrapolation.rope(new RopeScaling.Linear(4)), parse("linear:4"));
        assertEquals(Extrapolation.rope(new RopeScaling.StaticNtk(4)), parse("ntk:4"));
        assertEquals(Extrapolation.rope(new RopeScaling.DynamicNtk(2.5)), parse("dynamic:2.5"));
        // YaRN: the model's trained context is the original one; betas 32/1, truncated, mscale from the factor.
        assertEquals(Extrapolation.rope(RopeScaling.Yarn.of(4, TRAINED)), parse("yarn:4"));
        assertEquals(Extrapolation.rope(new RopeScaling.Llama3(8, 1, 4, TRAINED)), parse("llama3:8"));
        // LM-Infinite: 100 global keys, local = cap = the trained context (the authors' defaults).
        Window.Shape lmi = parse("lminfinite").window().shape(TRAINED);
        assertEquals(Window.LmInfinite.defaults().shape(TRAINED), lmi);
        assertEquals(new Window.Shape(100, 2048, Window.GlobalDistance.CAPPED, 2048),
                parse("lminfinite:100+2048").window().shape(TRAINED));
        assertEquals(new Window.Shape(10, 2048, Window.GlobalDistance.CAPPED, 1024),
                parse("lminfinite:10+2048+1024").window().shape(TRAINED));
        assertEquals(Extrapolation.window(Window.Sinks.defaults()), parse("sinks"));
        assertEquals(Extrapolation.window(new Window.Sinks(4, 2000)), parse("sinks:4+2000"));
        assertEquals(Extrapolation.window(new Window.Sinks(1, 255)), parse(" sinks:1+255 "));
        assertEquals(Extrapolation.window(new Window.Sliding(1024)), parse("sliding:1024"));
        assertEquals(new Positions.NoPE(), parse("nope").positions());
        assertEquals(new Positions.Alibi(8), parse("alibi").positions());
        assertEquals(new Extrapolation(new Positions.Rope(RopeScaling.Yarn.of(4, TRAINED)), new Window.Sinks(4, 2000)),
                parse("yarn:4/sinks:4+2000"));
    }

    @Test
    void theSpecIsKeptAsWrittenAndTheParametersSpelledOut() {
        MethodSpec yarn = MethodSpec.parse(" yarn:4 ", 2048);
        assertEquals("yarn:4", yarn.spec());
        assertEquals("factor=4, original=2048, beta_fast=32, beta_slow=1, attention_factor=1.138629436111989",
                yarn.parameters());
        assertEquals("start=4, recent=2000", MethodSpec.parse("sinks", 2048).parameters());
        assertEquals("global=100, local=2048, cap=2048", MethodSpec.parse("lminfinite", 2048).parameters());
        assertEquals("", MethodSpec.parse("none", 2048).parameters());
        assertEquals("factor=0.5", MethodSpec.parse("linear:0.5", 2048).parameters());
    }

    @Test
    void badSpecsSayWhatIsWrong() {
        List<String[]> cases = List.of(
                new String[] {"yarnn:4", "unknown method 'yarnn' in 'yarnn:4'; one of none, linear, ntk, dynamic, yarn,"
                        + " llama3, lminfinite, sinks, sliding, nope, alibi"},
                new String[] {"", "empty method spec"},
                new String[] {"yarn", "method 'yarn': yarn needs a factor, e.g. yarn:4"},
                new String[] {"yarn:", "method 'yarn:': nothing after ':'"},
                new String[] {"linear:four", "method 'linear:four': the factor 'four' is not a number"},
                new String[] {"ntk:0", "method 'ntk:0': the factor must be a finite number > 0, got 0"},
                new String[] {"ntk:-2", "the factor must be a finite number > 0, got -2"},
                new String[] {"none:4", "method 'none:4': none takes no parameters; write 'none'"},
                new String[] {"sinks:4", "write sinks or sinks:START+RECENT"},
                new String[] {"sinks:4+x", "method 'sinks:4+x': 'x' is not a whole number of tokens >= 0"},
                new String[] {"sinks:4+0", "method 'sinks:4+0': sinks recent window must be > 0 tokens, got 0"},
                new String[] {"sliding", "write sliding:WINDOW"},
                new String[] {"sliding:1.5", "'1.5' is not a whole number of tokens"},
                new String[] {"lminfinite:100+512+1024", "distance cap 1024 must not exceed the local window 512"},
                new String[] {"sinks:4+2000/yarn:4", "write SCALING/WINDOW"},
                new String[] {"yarn:4/linear:2", "write SCALING/WINDOW"},
                new String[] {"yarn:4/sinks/sliding:4", "at most one RoPE scaling and one window"});
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MethodSpec.parse(c[0], TRAINED), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> MethodSpec.parse("none", 0));
    }
}
