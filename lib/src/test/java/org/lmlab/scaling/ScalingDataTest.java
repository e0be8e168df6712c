package org.lmlab.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lmlab.table.Table;

/** Reading runs from a table: every bad value is an error naming its row and column. */
class ScalingDataTest {

    private final RootAllocator allocator = new RootAllocator();

    @AfterEach
    void close() {
        allocator.close();
    }

    private IllegalArgumentException error(Double[] params, Double[] tokens, Double[] loss, String unique) {
        try (Table t = Table.builder(allocator, "runs").float64("params", params).float64("tokens", tokens)
                .float64("loss", loss).float64("u", 1e9, 1e9).build()) {
            return assertThrows(IllegalArgumentException.class, () -> ScalingData.fromTable(t,
                    new ScalingData.Columns("params", "tokens", "loss", unique)));
        }
    }

    @Test
    void readsRunsAndUniqueTokens() {
        try (Table t = Table.builder(allocator, "runs").float64("N", 1e8, 2e8).float64("D", 1e9, 4e9)
                .float64("L", 3.0, 2.9).float64("U", 1e9, 1e9).build()) {
            ScalingData d = ScalingData.fromTable(t, new ScalingData.Columns("N", "D", "L", "U"));
            assertEquals(new Run(2e8, 4e9, 2.9), d.runs().get(1));
            assertEquals(1e9, d.unique(1));
        }
    }

    @Test
    void missingColumn() {
        var e = error(new Double[] {1e8, 2e8}, new Double[] {1e9, 1e9}, new Double[] {3.0, 2.9}, "unique_tokens");
        assertEquals("missing column 'unique_tokens' (columns: params, tokens, loss, u)", e.getMessage());
    }

    @Test
    void nanLoss() {
        var e = error(new Double[] {1e8, 2e8}, new Double[] {1e9, 1e9}, new Double[] {3.0, Double.NaN}, null);
        assertEquals("row 1: column 'loss' must be finite and > 0, got NaN", e.getMessage());
    }

    @Test
    void zeroSize() {
        var e = error(new Double[] {0.0, 2e8}, new Double[] {1e9, 1e9}, new Double[] {3.0, 2.9}, null);
        assertEquals("row 0: column 'params' must be finite and > 0, got 0.0", e.getMessage());
    }

    @Test
    void negativeTokens() {
        var e = error(new Double[] {1e8, 2e8}, new Double[] {1e9, -1e9}, new Double[] {3.0, 2.9}, null);
        assertEquals("row 1: column 'tokens' must be finite and > 0, got -1.0E9", e.getMessage());
    }

    @Test
    void nullCell() {
        var e = error(new Double[] {1e8, null}, new Double[] {1e9, 1e9}, new Double[] {3.0, 2.9}, null);
        assertEquals("row 1: column 'params' is null", e.getMessage());
    }

    @Test
    void moreUniqueTokensThanTokens() {
        var e = error(new Double[] {1e8, 2e8}, new Double[] {1e9, 5e8}, new Double[] {3.0, 2.9}, "u");
        assertEquals("row 1: unique tokens must be finite, > 0 and <= tokens (5.0E8), got 1.0E9 (column u)",
                e.getMessage());
    }
}
