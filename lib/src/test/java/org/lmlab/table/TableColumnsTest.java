package org.lmlab.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

/** The shared column readers: every error names the column (and row), and lists what the table has. */
class TableColumnsTest {

    @RegisterExtension
    final ArrowLeakCheck arrow = new ArrowLeakCheck();

    private Table runs() {
        return Table.builder(arrow.allocator(), "runs")
                .int32("params", 10, 20, null)
                .int64("tokens", 100L, 200L, 300L)
                .float32("loss", 2.5f, 0f, 1.25f)
                .float64("lr", 1e-3, Double.NaN, null)
                .utf8("name", "a", "3", "c")
                .build();
    }

    private static String message(Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    @Test
    void missingColumnsAreNamedWithTheTablesColumns() {
        try (Table t = runs()) {
            TableColumns.requireAll(t, "runs", List.of("params", "loss"));
            TableColumns.requireAll(t, "params", null, "loss"); // a null name is an optional column left out
            assertEquals("table 'runs' has no column 'steps'; columns: [params, tokens, loss, lr, name]",
                    message(() -> TableColumns.requireAll(t, "runs", List.of("params", "steps", "size"))));
            assertEquals("missing column 'steps' (columns: params, tokens, loss, lr, name)",
                    message(() -> TableColumns.requireAll(t, "params", "steps")));
            assertEquals("no column 'x' in table 'runs' (for y); available columns: params, tokens, loss, lr, name",
                    message(() -> TableColumns.requireFor(t, "x", "y")));
            assertEquals("no table given (for y)", message(() -> TableColumns.requireFor(null, "x", "y")));
            assertEquals("loss", TableColumns.requireFor(t, "LOSS", "y"), "a name differing only in case");
            String unknown = message(() -> TableColumns.numbers(t, "steps"));
            assertEquals("table 'runs' has no column 'steps'; columns: [params, tokens, loss, lr, name]", unknown);
        }
    }

    @Test
    void numbersReadEveryNumericTypeAndNameTheBadCell() {
        try (Table t = runs()) {
            assertArrayEquals(new double[] {100, 200, 300}, TableColumns.numbers(t, "tokens"), 0.0);
            assertArrayEquals(new double[] {2.5, 0, 1.25}, TableColumns.numbers(t, "loss"), 0.0);
            assertArrayEquals(new double[] {20, 10}, TableColumns.numbers(t, "params", List.of(1, 0)), 0.0);
            assertEquals("row 2: column 'params' is null", message(() -> TableColumns.numbers(t, "params")));
            assertEquals("row 0: column 'name' is not a number (a)", message(() -> TableColumns.numbers(t, "name")));
            assertEquals("row 1: column 'loss' must be finite and > 0, got 0.0",
                    message(() -> TableColumns.positive(t, "loss", 1)));
            assertEquals(1.25, TableColumns.positive(t, "loss", 2));
        }
    }

    @Test
    void chartColumnsTreatNullAndNaNAsMissing() {
        try (Table t = runs()) {
            assertArrayEquals(new double[] {1e-3, Double.NaN, Double.NaN}, TableColumns.numbersOrNaN(t, "lr", "x"), 0.0);
            assertArrayEquals(new double[] {10, 20, Double.NaN}, TableColumns.numbersOrNaN(t, "Params", "x"), 0.0);
            assertEquals("column 'name' is utf8, but y needs numbers; numeric columns: params, tokens, loss, lr",
                    message(() -> TableColumns.numbersOrNaN(t, "name", "y")));
            assertEquals(List.of("params", "tokens", "loss", "lr"), TableColumns.numericColumns(t));
            assertEquals(List.of("a", "3"), TableColumns.texts(t, "name", List.of(0, 1)));
            assertEquals("null", TableColumns.text(t, "params", 2));
        }
    }

    @Test
    void plainLabelsHaveNoExponentAndNoTrailingZeros() {
        // expected by hand: the shortest decimal that reads back as the double, written out in full
        assertEquals("1", TableColumns.plain(1.0));
        assertEquals("100", TableColumns.plain(100.0));
        assertEquals("0.0003", TableColumns.plain(3e-4));
        assertEquals("100000000000000000000", TableColumns.plain(1e20));
        assertEquals("0.30000000000000004", TableColumns.plain(0.1 + 0.2));
        assertEquals("-1.5", TableColumns.plain(-1.5));
        assertEquals("0", TableColumns.plain(0.0));
        assertEquals("-0", TableColumns.plain(-0.0));
    }
}
