package org.lmlab.model.extrapolation.sweep.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lmlab.model.extrapolation.sweep.plot.SweepResultsFixture.layer;
import static org.lmlab.model.extrapolation.sweep.plot.SweepResultsFixture.ppl;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.lmlab.plot.Chart;
import org.lmlab.plot.ChartKind;
import org.lmlab.plot.SeriesInfo;
import org.lmlab.plot.internal.ReferenceLine;
import org.lmlab.plot.internal.XYLayer;
import org.lmlab.plot.internal.XYSpec;
import org.lmlab.table.Table;

/**
 * The perplexity-by-length chart draws exactly the table's cells: each method's line goes through
 * its rows' (length, ppl) pairs, read back here from the table row by row, not from the chart code.
 */
class LengthCurvesTest {

    final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void close() {
        allocator.close();
    }

    /** Rows out of length order (as a resumed sweep may hold them); plain RoPE explodes past 256. */
    Table results() {
        return SweepResultsFixture.table(allocator, SweepResultsFixture.PPL, List.of(
                ppl("tiny", "none", 512, 480.2), ppl("tiny", "none", 128, 12.1), ppl("tiny", "none", 256, 15.3),
                ppl("tiny", "none", 1024, 2150.7),
                ppl("tiny", "yarn:4", 128, 12.4), ppl("tiny", "yarn:4", 1024, 14.8), ppl("tiny", "yarn:4", 256, 12.9),
                ppl("tiny", "yarn:4", 512, 13.5),
                ppl("tiny", "sinks:4+60", 256, 12.6), ppl("tiny", "sinks:4+60", 128, 12.1),
                ppl("tiny", "sinks:4+60", 512, 12.8), ppl("tiny", "sinks:4+60", 1024, 12.9)));
    }

    /** method -> (length -> value of {@code column}), read from the table's rows. */
    static Map<String, TreeMap<Long, Double>> cells(Table t, String column) {
        Map<String, TreeMap<Long, Double>> cells = new HashMap<>();
        for (int r = 0; r < t.rowCount(); r++) {
            cells.computeIfAbsent(t.getString("method", r), k -> new TreeMap<>())
                    .put(t.getLong("length", r), t.getDouble(column, r));
        }
        return cells;
    }

    static void assertSeriesAreTheTable(Chart chart, Table t, String column) {
        Map<String, TreeMap<Long, Double>> cells = cells(t, column);
        for (SeriesInfo s : chart.series()) {
            TreeMap<Long, Double> expected = cells.get(s.name());
            XYLayer layer = layer(chart, s.name());
            assertArrayEquals(expected.keySet().stream().mapToDouble(Long::doubleValue).toArray(), layer.x(), 0.0,
                    s.name() + ": x is the lengths, ascending");
            assertArrayEquals(expected.values().stream().mapToDouble(Double::doubleValue).toArray(), layer.y(), 0.0,
                    s.name() + ": y is the table's " + column + " at each length");
        }
    }

    @Test
    void oneLinePerMethodThroughTheTablesCellsOnBase2AndLogAxesWithTheTrainedContext() {
        try (Table t = results()) {
            Chart chart = LengthCurves.of(t).trainedContext(256).build();
            assertEquals(ChartKind.LINE, chart.kind());
            assertEquals(List.of("none", "yarn:4", "sinks:4+60"), chart.series().stream().map(SeriesInfo::name).toList(),
                    "the table's method order");
            assertSeriesAreTheTable(chart, t, "ppl");
            XYSpec spec = (XYSpec) chart.spec();
            assertTrue(chart.logX() && spec.log2X(), "lengths on a base-2 axis");
            assertTrue(chart.logY(), "perplexity on a log axis by default, so 2150 and 12.1 both read");
            assertEquals(List.of(new ReferenceLine(256, "trained context 256")), spec.referenceLines());
            assertEquals("perplexity", chart.yLabel());
            assertEquals("input length (tokens)", chart.xLabel());
            assertEquals("Perplexity by input length: tiny", chart.title());

            XYChart xchart = spec.toXChart();
            assertArrayEquals(new double[] {7, 8, 9, 10}, xchart.getSeriesMap().get("none").getXData(), 1e-12,
                    "drawn at log2(length)");
            var ticks = xchart.getStyler().getxAxisTickLabelsFormattingFunction();
            assertEquals(List.of("128", "256", "512", "1k"), List.of(ticks.apply(7.0), ticks.apply(8.0), ticks.apply(9.0),
                    ticks.apply(10.0)), "ticks labelled 2^v, 1k = 1024");
            assertTrue(chart.toPng().length > 1000 && chart.toSvg().contains("<svg"), "renders");
        }
    }

    @Test
    void meanNllOnALinearAxisWithACapAndAChosenOrder() {
        try (Table t = results()) {
            Chart chart = LengthCurves.of(t).metric(Metric.NLL).methods(List.of("sinks:4+60", "none")).yMax(4).build();
            assertEquals(List.of("sinks:4+60", "none"), chart.series().stream().map(SeriesInfo::name).toList());
            assertSeriesAreTheTable(chart, t, "mean_nll");
            assertEquals(false, chart.logY(), "NLL is already a logarithm");
            XYSpec spec = (XYSpec) chart.spec();
            assertEquals(4.0, spec.yMax());
            assertEquals(List.of(), spec.referenceLines(), "no trained context given, no mark");
            assertEquals(4.0, spec.toXChart().getStyler().getYAxisMax(), "none's 6.2 and 7.7 leave the top");
            assertEquals("mean NLL (nats per token)", chart.yLabel());
            assertTrue(LengthCurves.of(t).logY(false).build().logY() == false, "log y can be turned off for ppl");
        }
    }

    @Test
    void rowsOfSeveralModelsAreLabelledWithTheModel() {
        try (Table t = SweepResultsFixture.table(allocator, SweepResultsFixture.PPL, List.of(
                ppl("a", "none", 128, 10), ppl("a", "none", 256, 11), ppl("b", "none", 128, 20), ppl("b", "none", 256, 22)))) {
            Chart chart = LengthCurves.of(t).build();
            assertEquals(List.of("a · none", "b · none"), chart.series().stream().map(SeriesInfo::name).toList());
            assertArrayEquals(new double[] {20, 22}, layer(chart, "b · none").y(), 0.0);
            assertEquals("Perplexity by input length", chart.title(), "no single model to name");
        }
    }

    @Test
    void refusesTablesWithoutItsColumnsRowsOrMethods() {
        try (Table passkey = SweepResultsFixture.table(allocator, SweepResultsFixture.PASSKEY,
                List.of(SweepResultsFixture.trial("none", 128, 0.5, 0, true)));
             Table empty = SweepResultsFixture.table(allocator, SweepResultsFixture.PPL, List.of());
             Table t = results();
             Table twice = SweepResultsFixture.table(allocator, SweepResultsFixture.PPL, List.of(
                     ppl("tiny", "none", 128, 10), ppl("tiny", "none", 128, 11)))) {
            String missing = assertThrows(IllegalArgumentException.class, () -> LengthCurves.of(passkey).build())
                    .getMessage();
            assertTrue(missing.startsWith("a perplexity chart needs column 'ppl' (written by a perplexity sweep (task ppl)), "
                    + "which table 'sweep test.jsonl' lacks; its columns: model, method, parameters, length, depth, seed, "
                    + "expected, answer, correct"), missing);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> LengthCurves.of(passkey).metric(Metric.NLL)
                    .build()).getMessage().contains("needs column 'mean_nll'"));
            String noRows = assertThrows(IllegalArgumentException.class, () -> LengthCurves.of(empty).build()).getMessage();
            assertEquals("table 'sweep test.jsonl' has no rows, so there is nothing to plot (a sweep adds a row as each "
                    + "cell finishes)", noRows);
            assertEquals("method 'ntk:4' is not in table 'sweep test.jsonl'; it has none, yarn:4, sinks:4+60",
                    assertThrows(IllegalArgumentException.class,
                            () -> LengthCurves.of(t).methods(List.of("none", "ntk:4")).build()).getMessage());
            assertEquals("method 'none' is listed twice", assertThrows(IllegalArgumentException.class,
                    () -> LengthCurves.of(t).methods(List.of("none", "none")).build()).getMessage());
            String twiceRows = assertThrows(IllegalArgumentException.class, () -> LengthCurves.of(twice).build())
                    .getMessage();
            assertEquals("rows 0 and 1 of table 'sweep test.jsonl' are both none at length 128; plot one sweep's rows "
                    + "(filter the table first)", twiceRows);
            assertThrows(IllegalArgumentException.class, () -> LengthCurves.of(t).yMax(-1));
            assertThrows(IllegalArgumentException.class, () -> LengthCurves.of(t).trainedContext(-5));
        }
    }
}
