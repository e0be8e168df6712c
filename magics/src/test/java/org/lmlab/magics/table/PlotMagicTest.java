package org.lmlab.magics.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lmlab.magics.CommandMagic;
import org.lmlab.magics.FakeMagicContext;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicKind;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.plot.Chart;
import org.lmlab.plot.SeriesInfo;
import org.lmlab.table.Table;

/** {@code %plot} reads the session's Arrow tables directly (no Tablesaw copy), found through the context. */
class PlotMagicTest {

    private static final CommandMagic PLOT = CommandMagic.line(PlotMagic::new);
    private final FakeMagicContext context = new FakeMagicContext();

    @AfterEach
    void close() {
        context.tables().close();
    }

    private Object plot(String args) throws Exception {
        return PLOT.run(new MagicCall("plot", MagicKind.LINE, args, Arrays.asList(args.split(" +")), null, 1), context);
    }

    private Table runs() {
        // an int64 Long.MIN_VALUE (in an unplotted column), which the former copy into Tablesaw refused
        return Table.builder(context.tables().allocator(), "runs")
                .int64("step", 30L, 10L, 20L, 10L, 20L, 10L)
                .float64("loss", 1.5, 3.0, 2.0, Double.NaN, 1.8, null)
                .utf8("run", "b", "b", "b", "a", "a", "")
                .int64("id", Long.MIN_VALUE, 1L, 2L, 3L, 4L, 5L)
                .build();
    }

    @Test
    void plotsACatalogTableOrATableVariable() throws Exception {
        context.tables().put("runs", runs());
        Chart chart = (Chart) plot("line --table runs --x step --y LOSS --by run");
        // groups by hand: b (3 rows), a (2 rows; the NaN loss at step 10 stays as a gap); the empty run is
        // missing and its only loss is null, so that group is left out
        assertEquals(List.of(new SeriesInfo("b", 3, ""), new SeriesInfo("a", 2, "")), chart.series());
        assertEquals("step", chart.xLabel());
        assertEquals("LOSS", chart.yLabel(), "the magic labels its axes as typed; the column matched ignoring case");
        try (Table t = runs()) {
            context.variables.put("mine", t);
            Chart box = (Chart) plot("box --table mine --x loss");
            assertEquals(List.of(new SeriesInfo("loss", 4, "")), box.series());
        }
    }

    @Test
    void unknownTablesAndColumnsAreUsageErrors() throws Exception {
        context.tables().put("runs", runs());
        MagicUsageException table = assertThrows(MagicUsageException.class, () -> plot("scatter --table nope --x a --y b"));
        assertEquals("no table named 'nope'; tables: [runs]", table.getMessage());
        MagicUsageException column = assertThrows(MagicUsageException.class,
                () -> plot("scatter --table runs --x step --y tokens"));
        assertEquals("%plot scatter --table runs --x step --y tokens: no column 'tokens' in table 'runs' (for y);"
                + " available columns: step, loss, run, id", column.getMessage());
    }
}
