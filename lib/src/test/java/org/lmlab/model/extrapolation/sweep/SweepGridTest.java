package org.lmlab.model.extrapolation.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Cell order, placeholders for perplexity grids, and a fingerprint that changes with every input. */
class SweepGridTest {

    static List<MethodSpec> methods(String... specs) {
        return java.util.Arrays.stream(specs).map(s -> MethodSpec.parse(s, 8192)).toList();
    }

    static SweepGrid grid(String task, List<Integer> lengths, List<Double> depths, List<Long> seeds, String... specs) {
        return new SweepGrid("smollm2-135m", task, methods(specs), lengths, depths, seeds);
    }

    @Test
    void cellsRunLengthMajorWithPlaceholders() {
        SweepGrid ppl = grid("ppl", List.of(64, 128), List.of(), List.of(), "none", "yarn:4");
        List<SweepGrid.Cell> cells = ppl.cells();
        assertEquals(4, cells.size());
        assertEquals(4, ppl.size());
        assertEquals(List.of("none @ 64", "yarn:4 @ 64", "none @ 128", "yarn:4 @ 128"),
                cells.stream().map(SweepGrid.Cell::key).toList());
        assertNull(cells.get(0).depth());
        assertNull(cells.get(0).seed());
        for (int i = 0; i < cells.size(); i++) {
            assertEquals(i, cells.get(i).index());
        }
        SweepGrid passkey = grid("passkey", List.of(64), List.of(0.1, 0.9), List.of(1L, 2L, 3L), "none");
        assertEquals(6, passkey.cells().size());
        assertEquals("none @ 64 depth 0.9 seed 3", passkey.cells().get(5).key());
    }

    @Test
    void theFingerprintIsStableAndChangesWithEveryPart() {
        SweepGrid a = grid("ppl", List.of(64, 128), List.of(), List.of(), "none", "yarn:4");
        assertEquals(a.fingerprint(), grid("ppl", List.of(64, 128), List.of(), List.of(), "none", "yarn:4")
                .fingerprint());
        assertEquals(64, a.fingerprint().length());
        for (SweepGrid other : List.of(
                grid("ppl stride 32", List.of(64, 128), List.of(), List.of(), "none", "yarn:4"),
                grid("ppl", List.of(128, 64), List.of(), List.of(), "none", "yarn:4"),
                grid("ppl", List.of(64, 128), List.of(), List.of(), "yarn:4", "none"),
                grid("ppl", List.of(64, 128), List.of(), List.of(), "none", "yarn:8"),
                grid("ppl", List.of(64, 128), List.of(0.5), List.of(), "none", "yarn:4"),
                grid("ppl", List.of(64, 128), List.of(), List.of(7L), "none", "yarn:4"),
                new SweepGrid("other", "ppl", methods("none", "yarn:4"), List.of(64, 128), List.of(), List.of()))) {
            assertNotEquals(a.fingerprint(), other.fingerprint(), other.definition());
        }
        // The YaRN original context is part of the method's parameters, hence of the fingerprint.
        assertNotEquals(a.fingerprint(), new SweepGrid("smollm2-135m", "ppl",
                List.of(MethodSpec.parse("none", 2048), MethodSpec.parse("yarn:4", 2048)), List.of(64, 128), List.of(),
                List.of()).fingerprint());
    }

    @Test
    void badGridsAreRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> grid("p", List.of(64), List.of(1.5), List.of(), "none")).getMessage()
                .contains("depths are relative positions in [0, 1], got 1.5"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> grid("p", List.of(64, 64), List.of(), List.of(), "none")).getMessage()
                .contains("the length 64 is listed twice"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> grid("p", List.of(1), List.of(), List.of(), "none")).getMessage().contains(">= 2 tokens"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> grid("p", List.of(), List.of(), List.of(), "none")).getMessage().contains("at least one"));
    }
}
