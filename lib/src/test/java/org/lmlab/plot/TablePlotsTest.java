package org.lmlab.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.lmlab.plot.internal.XChartSpec;
import org.lmlab.plot.stats.Bins;
import org.lmlab.plot.stats.Histogram;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lmlab.table.ArrowLeakCheck;
import org.lmlab.table.Table;

/** Charts from tables: one series per group of a {@code by} column, labels from column names. */
class TablePlotsTest {

    @RegisterExtension
    final ArrowLeakCheck arrow = new ArrowLeakCheck();

    private Table runs() {
        return Table.builder(arrow.allocator(), "runs")
                .int32("step", 30, 10, 20, 10, 30, 20, 10)
                .float64("loss", 1.5, 3.0, 2.0, 2.9, 1.0, 1.8, null)
                .int32("width", 256, 256, 256, 64, 64, 64, 1024)
                .utf8("run", "b", "b", "b", "a", "a", "a", "c")
                .build();
    }

    @Test
    void lineChartHasOneSeriesPerGroupSortedByX() {
        Chart chart;
        try (Table runs = runs()) {
            chart = Plot.line().table(runs, "step", "loss", "run").build();
        }
        assertEquals(List.of("b", "a"), chart.series().stream().map(SeriesInfo::name).toList(),
                "text groups keep their order of first appearance; 'c' has no loss and is left out");
        assertEquals("step", chart.xLabel());
        assertEquals("loss", chart.yLabel());
        XYChart xchart = (XYChart) ((XChartSpec) chart.spec()).toXChart();
        XYSeries b = xchart.getSeriesMap().get("b");
        assertArrayEquals(new double[] {10, 20, 30}, b.getXData(), 0.0);
        assertArrayEquals(new double[] {3.0, 2.0, 1.5}, b.getYData(), 0.0);
    }

    @Test
    void missingValuesInALineAreGaps() {
        Chart chart;
        try (Table t = Table.builder(arrow.allocator(), "t").int32("step", 1, 2, 3, 4).float64("loss", 4.0, null, 3.0, 2.0)
                .build()) {
            chart = Plot.line().table(t, "step", "loss").build();
        }
        XYSeries s = ((XYChart) ((XChartSpec) chart.spec()).toXChart()).getSeriesMap().get("loss");
        assertArrayEquals(new double[] {4, Double.NaN, 3, 2}, s.getYData(), 0.0, "a gap, not a zero");
    }

    @Test
    void numericGroupsAreSortedAndLabelsCanBeOverridden() {
        Chart chart;
        try (Table runs = runs()) {
            chart = Plot.scatter().x("training step").table(runs, "step", "loss", "width").build();
        }
        assertEquals(List.of("64", "256"), chart.series().stream().map(SeriesInfo::name).toList());
        assertEquals("training step", chart.xLabel());
        assertEquals("loss", chart.yLabel());
    }

    @Test
    void missingGroupValuesFormTheirOwnGroup() {
        Chart chart;
        try (Table t = Table.builder(arrow.allocator(), "t").float64("v", 1.0, 2.0, 3.0, 4.0).utf8("g", "x", null, "x", null)
                .build()) {
            chart = Plot.box().table(t, "v", "g").build();
        }
        assertEquals(List.of(new SeriesInfo("x", 2, ""), new SeriesInfo("(missing)", 2, "")), chart.series());
        assertEquals("g", chart.xLabel());
        assertEquals("v", chart.yLabel());
    }

    @Test
    void histogramGroupsShareBinsChosenOnAllData() {
        HistogramBuilder builder;
        try (Table t = Table.builder(arrow.allocator(), "t").float64("v", 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0,
                10.0, 10.0).utf8("g", "lo", "lo", "lo", "lo", "lo", "lo", "hi", "hi", "hi", "hi", "hi", "hi").build()) {
            builder = Plot.histogram().bins(5).table(t, "v", "g");
        }
        var histograms = builder.histograms();
        Histogram lo = histograms.get("lo");
        Histogram hi = histograms.get("hi");
        assertArrayEquals(new double[] {0, 2, 4, 6, 8, 10}, lo.edges(), 1e-12);
        assertArrayEquals(lo.edges(), hi.edges(), 0.0);
        assertArrayEquals(new long[] {2, 2, 2, 0, 0}, lo.counts());
        assertArrayEquals(new long[] {0, 0, 0, 2, 4}, hi.counts());
        Chart chart = builder.build();
        assertEquals("v", chart.xLabel());
        assertEquals("count", chart.yLabel());
        assertEquals("histogram chart (640×400 px; x: v; y: count): 2 series — lo (6, 5 bins), hi (6, 5 bins)",
                chart.toString());
    }

    @Test
    void singleHistogramUsesItsOwnBins() {
        var h = Plot.histogram().series("s", new double[] {1, 2, 3, 4}).histograms().get("s");
        assertEquals(Histogram.of(new double[] {1, 2, 3, 4}, Bins.freedmanDiaconis()), h);
    }

    @Test
    void heatmapFromLongTablePivotsAndLeavesMissingCellsEmpty() {
        Chart chart;
        try (Table sweep = Table.builder(arrow.allocator(), "sweep").float64("lr", 3e-4, 1e-4, 1e-3, 1e-4, 3e-4)
                .int32("batch", 32, 32, 64, 64, 64).float64("loss", 2.2, 2.4, 2.6, 2.5, 2.1).build()) {
            chart = Plot.heatmap().table(sweep, "lr", "batch", "loss").build();
        }
        assertEquals("heatmap chart (640×400 px; x: lr; y: batch): loss, 3×2 grid, 1 empty, 5 values", chart.toString());
        var spec = (org.lmlab.plot.internal.HeatmapSpec) chart.spec();
        assertEquals(List.of("0.0001", "0.0003", "0.001"), spec.xLabels());
        assertEquals(List.of("32", "64"), spec.yLabels());
        assertArrayEquals(new double[] {2.4, 2.2, Double.NaN}, spec.z()[0], 0.0);
        assertArrayEquals(new double[] {2.5, 2.1, 2.6}, spec.z()[1], 0.0);
        assertEquals(2.1, spec.min());
        assertEquals(2.6, spec.max());
    }

    @Test
    void ungroupedTableIsOneSeriesNamedAfterTheColumn() {
        Chart chart;
        try (Table runs = runs()) {
            chart = Plot.ecdf().table(runs, "loss").build();
        }
        assertEquals(List.of(new SeriesInfo("loss", 6, "")), chart.series(), "the missing value is skipped");
    }
}
