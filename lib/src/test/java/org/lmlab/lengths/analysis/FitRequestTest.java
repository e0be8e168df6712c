package org.lmlab.lengths.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.lmlab.lengths.fit.LengthFits;
import org.lmlab.table.ColumnType;
import org.lmlab.table.Table;
import org.lmlab.table.TableColumns;

/**
 * {@link FitRequest}'s table: a group whose lengths cannot be read fails alone; the others rank their fitted families
 * by the criterion, whose values follow its definition (AIC = 2k − 2 logL, BIC = k ln n − 2 logL with k the number of
 * parameters); a table in which every group failed keeps its numeric columns typed.
 */
class FitRequestTest {

    @Test
    void aGroupWithANullLengthFailsAloneAndTheOthersRankByTheCriterion() {
        List<String> groups = new ArrayList<>();
        List<Double> lengths = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            groups.add(i % 2 == 0 ? "spread" : "broken");
            lengths.add(i == 7 ? null : 40.0 + 3 * i + (i % 5) * 11);
        }
        try (RootAllocator allocator = new RootAllocator();
                Table table = Table.builder(allocator, "t").utf8("g", groups.toArray(String[]::new))
                        .float64("length", lengths.toArray(Double[]::new)).build()) {
            for (LengthFits.Criterion criterion : LengthFits.Criterion.values()) {
                try (Table t = new FitRequest("length", List.of("g"), criterion, null).run(table, allocator, "fit")) {
                    assertEquals("spread", t.getString("g", 0));
                    int last = t.rowCount() - 1;
                    assertEquals("broken", t.getString("g", last));
                    assertEquals("failed", t.getString("status", last));
                    assertEquals("row 7: column 'length' is null", t.getString("note", last));
                    assertNull(t.getString("family", last));
                    assertEquals(30, t.getLong("n", last));
                    double previous = Double.NEGATIVE_INFINITY;
                    int rank = 0;
                    for (int row = 0; row < last; row++) {
                        if (!t.getString("status", row).equals("fitted")) {
                            assertTrue(t.isNull("rank", row));
                            continue;
                        }
                        int k = t.getString("parameters", row).split(",").length;
                        double logL = t.getDouble("loglik", row);
                        assertEquals(2 * k - 2 * logL, t.getDouble("aic", row), 1e-9 * Math.abs(logL));
                        assertEquals(k * Math.log(30) - 2 * logL, t.getDouble("bic", row), 1e-9 * Math.abs(logL));
                        double value = t.getDouble(criterion.name().toLowerCase(), row);
                        assertTrue(value >= previous, "ranked by " + criterion);
                        previous = value;
                        assertEquals(++rank, t.getLong("rank", row));
                    }
                    assertTrue(rank >= 4, "most families fit 30 spread lengths, got " + rank);
                }
            }
            try (Table nulls = Table.builder(allocator, "nulls").utf8("g", "a", "b")
                    .float64("length", null, null).build();
                    Table t = new FitRequest("length", List.of("g"), LengthFits.Criterion.AIC, null)
                            .run(nulls, allocator, "fit")) {
                assertEquals(2, t.rowCount());
                assertEquals(ColumnType.FLOAT64, t.type("aic"));
                assertEquals(ColumnType.INT64, t.type("rank"));
                assertEquals(ColumnType.UTF8, t.type("parameters"));
            }
            try (Table text = Table.builder(allocator, "text").utf8("length", "3", "x").build()) {
                assertEquals("row 0: column 'length' is not a number (3)", assertThrows(IllegalArgumentException.class,
                        () -> TableColumns.numbers(text, "length")).getMessage());
                String unknown = assertThrows(IllegalArgumentException.class, () -> TableColumns.numbers(text, "nope"))
                        .getMessage();
                assertTrue(unknown.contains("no column 'nope'") && !unknown.startsWith("row"), unknown);
            }
        }
    }
}
