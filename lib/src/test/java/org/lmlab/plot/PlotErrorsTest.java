package org.lmlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import org.lmlab.table.ArrowLeakCheck;
import org.lmlab.table.Table;

/** Bad input fails with an IllegalArgumentException that says which series or column, and why. */
class PlotErrorsTest {

    @RegisterExtension
    final ArrowLeakCheck arrow = new ArrowLeakCheck();

    private static final double[] X = {1, 2, 3};
    private static final double[] Y = {3, 2, 1};

    private static String message(Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    @Test
    void unequalLengthsNameTheSeries() {
        assertEquals("series 'loss': x has 3 values but y has 2; they must have the same length",
                message(() -> Plot.line().series("loss", X, new double[] {1, 2})));
        assertEquals("series 'loss': band lower has 2 values but the series has 3",
                message(() -> Plot.line().series("loss", X, Y).band("loss", new double[] {1, 2}, Y)));
        assertEquals("series 'acc': error bars has 4 values but the series has 3",
                message(() -> Plot.scatter().series("acc", X, Y).errorBars("acc", new double[4])));
        assertEquals("heat map grid: row 1 (y = b) has 1 values but there are 2 x labels",
                message(() -> Plot.heatmap().grid(new String[] {"p", "q"}, new String[] {"a", "b"},
                        new double[][] {{1, 2}, {3}})));
    }

    @Test
    void emptyDataNamesTheSeries() {
        assertEquals("series 'loss' is empty", message(() -> Plot.line().series("loss", new double[0], new double[0])));
        assertEquals("series 'tokens' is empty", message(() -> Plot.histogram().series("tokens", new double[0])));
        assertEquals("series 'tokens' is empty (all 2 values are NaN)",
                message(() -> Plot.ecdf().series("tokens", new double[] {Double.NaN, Double.NaN})));
        assertEquals("series 'small' is empty", message(() -> Plot.box().group("small", new double[0])));
        assertEquals("series 'loss' has no point where both x and y are numbers (all 2 are NaN)",
                message(() -> Plot.line().series("loss", new double[] {1, Double.NaN}, new double[] {Double.NaN, 2})));
        assertEquals("a line chart needs at least one series; add one with series(name, x, y)",
                message(() -> Plot.line().build()));
        assertEquals("a violin plot needs at least one group; add one with group(name, values)",
                message(() -> Plot.violin().build()));
        assertEquals("a heat map needs a grid; set one with grid(x, y, z) or table(t, x, y, z)",
                message(() -> Plot.heatmap().build()));
        assertEquals("heat map grid has no values: all 1 cells are NaN", message(() -> Plot.heatmap()
                .grid(new String[] {"a"}, new String[] {"b"}, new double[][] {{Double.NaN}}).build()));
    }

    @Test
    void nonPositiveValuesOnLogAxesNameSeriesAndIndex() {
        assertEquals("series 'loss': y [1] = 0.0 is not positive, so it cannot be shown on a log y axis; drop or"
                        + " shift such values, or use a linear y axis",
                message(() -> Plot.line().logY().series("loss", X, new double[] {1, 0, 2}).build()));
        assertEquals("series 'fit': x [0] = -1.0 is not positive, so it cannot be shown on a log x axis; drop or"
                        + " shift such values, or use a linear x axis",
                message(() -> Plot.scatter().logLog().series("fit", new double[] {-1, 2, 3}, Y).build()));
        assertTrue(message(() -> Plot.line().logY().series("ok", X, Y).series("loss", X, Y)
                .band("loss", new double[] {-1, 1, 0.5}, Y).build()).startsWith("series 'loss': band lower [0] = -1.0"));
        assertTrue(message(() -> Plot.scatter().logY().series("acc", X, Y).errorBars("acc", new double[] {0, 2.5, 0})
                .build()).startsWith("series 'acc': y - error bar [1] = -0.5 is not positive"));
        assertTrue(message(() -> Plot.ecdf().logX().series("lengths", new double[] {3, 0, 7}).build())
                .startsWith("series 'lengths': value 0.0 is not positive"));
        // the log flag may come after the series: it is checked when the chart is built
        assertTrue(message(() -> Plot.line().series("loss", X, new double[] {1, -2, 3}).logY().build())
                .startsWith("series 'loss': y [1] = -2.0"));
    }

    @Test
    void otherBadValues() {
        assertEquals("series 'loss': y [2] is Infinity; only finite values (or NaN for a gap) can be plotted",
                message(() -> Plot.line().series("loss", X, new double[] {1, 2, Double.POSITIVE_INFINITY})));
        assertEquals("series 'loss' was already added; series names must be unique",
                message(() -> Plot.line().series("loss", X, Y).series("loss", X, Y)));
        assertEquals("cannot add band to series 'los': no such series; add it first with series(name, x, y)."
                + " Series so far: loss", message(() -> Plot.line().series("loss", X, Y).band("los", X, Y)));
        assertEquals("series 'loss': band lower [1] = 5.0 is above upper [1] = 2.0",
                message(() -> Plot.line().series("loss", X, Y).band("loss", new double[] {1, 5, 1}, Y)));
        assertEquals("series name must be a non-empty string", message(() -> Plot.line().series(" ", X, Y)));
        assertEquals("heat map x label 'a' appears twice (at 0 and 1); labels must be distinct",
                message(() -> Plot.heatmap().grid(new String[] {"a", "a"}, new String[] {"y"}, new double[][] {{1, 2}})));
        assertEquals("heat map x values repeat: [1.0, 1.0]; each row and column needs a distinct value",
                message(() -> Plot.heatmap().grid(new double[] {1, 1}, new double[] {2}, new double[][] {{1, 2}})));
        assertEquals("a 40000x32000 PNG is too large (over 67108864 pixels); lower the size or the scale",
                message(() -> Plot.line().size(5000, 4000).series("s", X, Y).build().toPng(8)));
        assertEquals("chart size must be between 100x80 and 10000x10000 pixels; got 10x10",
                message(() -> Plot.line().size(10, 10).series("s", X, Y).build()));
    }

    @Test
    void unknownColumnNamesItAndListsTheAvailableOnes() {
        try (Table runs = Table.builder(arrow.allocator(), "runs").float64("step", 1.0, 2.0, 3.0)
                .float64("loss", 3.0, 2.0, 1.0).utf8("run", "a", "a", "b").build()) {
            assertEquals("no column 'los' in table 'runs' (for y); available columns: step, loss, run",
                    message(() -> Plot.line().table(runs, "step", "los")));
            assertEquals("no column 'model' in table 'runs' (for by); available columns: step, loss, run",
                    message(() -> Plot.line().table(runs, "step", "loss", "model")));
            assertEquals("no column 'tokens' in table 'runs' (for histogram values); available columns: step, loss, run",
                    message(() -> Plot.histogram().table(runs, "tokens")));
            assertEquals("no column 'z' in table 'runs' (for z); available columns: step, loss, run",
                    message(() -> Plot.heatmap().table(runs, "step", "run", "z")));
            // the type as lmlab's schemas name it (Tablesaw's STRING when the charts read Tablesaw tables)
            assertEquals("column 'run' is utf8, but y needs numbers; numeric columns: step, loss",
                    message(() -> Plot.scatter().table(runs, "step", "run")));
        }
        try (Table empty = Table.builder(arrow.allocator(), " ").float64("v", (Double) null).utf8("g", "a").build()) {
            assertEquals("the table has no numbers in column 'v'", message(() -> Plot.box().table(empty, "v", "g")));
            assertEquals("the table has no row where both 'v' and 'v' are numbers",
                    message(() -> Plot.line().table(empty, "v", "v")));
        }
    }

    @Test
    void heatmapTableWithTwoRowsForOneCell() {
        try (Table sweep = Table.builder(arrow.allocator(), "sweep").float64("lr", 1e-3, 1e-3, 3e-4)
                .float64("batch", 32.0, 32.0, 32.0).float64("loss", 2.1, 2.2, 2.3).build()) {
            assertEquals("heat map: more than one row for lr = 0.001, batch = 32; aggregate the table first"
                    + " (e.g. mean of 'loss' by lr and batch)", message(() -> Plot.heatmap().table(sweep, "lr", "batch", "loss")));
        }
    }
}
