package org.lmlab.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.XYStyler;
import org.lmlab.plot.internal.GridSpec;
import org.lmlab.plot.internal.HeatmapSpec;
import org.lmlab.plot.internal.ReferenceLine;
import org.lmlab.plot.internal.XYSpec;

/** Base-2 length axes, vertical reference lines, a capped y axis, heat-map cell labels and grids of charts. */
class MarksAndGridsTest {

    static final double[] LENGTHS = {1024, 2048, 4096, 8192, 16384};
    static final double[] PPL = {10.2, 10.1, 10.4, 520.0, 4100.0};

    @Test
    void base2AxisTicksEveryPowerOfTwoInBinaryUnits() {
        Chart chart = Plot.line().log2X().series("none", LENGTHS, PPL).build();
        assertTrue(chart.logX(), "a base-2 axis is a log axis");
        XYChart xchart = ((XYSpec) chart.spec()).toXChart();
        assertArrayEquals(new double[] {10, 11, 12, 13, 14}, xchart.getSeriesMap().get("none").getXData(), 1e-12,
                "points at log2(x): equal steps for doublings");
        XYStyler s = xchart.getStyler();
        assertEquals(10.0, s.getXAxisMin());
        assertEquals(14.0, s.getXAxisMax());
        assertTrue(!s.isXAxisLogarithmic(), "drawn as a linear axis over log2(x)");
        var label = s.getxAxisTickLabelsFormattingFunction();
        assertEquals(List.of("1k", "2k", "4k", "8k", "16k"),
                java.util.stream.IntStream.rangeClosed(10, 14).mapToObj(v -> label.apply((double) v)).toList());
        assertTrue(chart.toPng().length > 1000);
    }

    @Test
    void base2AxisSpansWholeExponentsAroundDataThatIsNoPowerOfTwo() {
        Chart chart = Plot.line().log2X().series("s", new double[] {3000, 5000}, new double[] {1, 2}).build();
        XYStyler s = ((XYSpec) chart.spec()).toXChart().getStyler();
        // log2(3000) = 11.55, log2(5000) = 12.29: the axis runs from 2^11 to 2^13
        assertEquals(11.0, s.getXAxisMin());
        assertEquals(13.0, s.getXAxisMax());
        assertTrue(chart.toPng().length > 1000);
        assertThrows(IllegalArgumentException.class,
                () -> Plot.line().log2X().series("s", new double[] {0, 4}, new double[] {1, 2}).build());
    }

    @Test
    void verticalLineIsKeptAndWidensTheAxis() {
        Chart chart = Plot.line().log2X().series("none", LENGTHS, PPL).verticalLine(32768, "trained context 32768").build();
        XYSpec spec = (XYSpec) chart.spec();
        assertEquals(List.of(new ReferenceLine(32768, "trained context 32768")), spec.referenceLines());
        assertEquals(15.0, spec.toXChart().getStyler().getXAxisMax(), "2^15 is past the data: the axis reaches it");
        Chart linear = Plot.line().series("a", new double[] {0, 10}, new double[] {1, 2}).verticalLine(20, "t").build();
        XYChart xchart = ((XYSpec) linear.spec()).toXChart();
        assertArrayEquals(new double[] {20}, xchart.getSeriesMap().get("\u0000reference").getXData(), 0.0,
                "an invisible point at the line's x widens a linear axis");
        assertThrows(IllegalArgumentException.class, () -> Plot.line().logX().series("a", LENGTHS, PPL)
                .verticalLine(-1, "x").build());
        assertThrows(IllegalArgumentException.class, () -> Plot.line().verticalLine(Double.NaN, "x"));
    }

    /** Columns (at 1x) where the two renderings differ in at least a third of the rows. */
    private static int lineColumn(Chart with, Chart without) throws Exception {
        BufferedImage a = ChartRenderingTest.decode(with.toPng(1));
        BufferedImage b = ChartRenderingTest.decode(without.toPng(1));
        int best = -1;
        int most = 0;
        for (int x = 0; x < a.getWidth(); x++) {
            int differ = 0;
            for (int y = 0; y < a.getHeight(); y++) {
                differ += a.getRGB(x, y) != b.getRGB(x, y) ? 1 : 0;
            }
            if (differ > most) {
                most = differ;
                best = x;
            }
        }
        assertTrue(most > a.getHeight() / 3, "a dashed line runs down the plot: " + most + " pixels in one column");
        return best;
    }

    @Test
    void verticalLineIsDrawnWhereItsXIs() throws Exception {
        double[] x = {0, 16};
        double[] y = {1, 2};
        Chart none = Plot.line().series("a", x, y).build();
        int at4 = lineColumn(Plot.line().series("a", x, y).verticalLine(4, "").build(), none);
        int at12 = lineColumn(Plot.line().series("a", x, y).verticalLine(12, "").build(), none);
        int at8 = lineColumn(Plot.line().series("a", x, y).verticalLine(8, "").build(), none);
        assertTrue(at4 < at8 && at8 < at12, at4 + " < " + at8 + " < " + at12);
        assertEquals(at8 - at4, at12 - at8, 1.0, "equal steps in x are equal steps on screen");
    }

    @Test
    void yMaxCapsTheAxisAndIsChecked() {
        Chart chart = Plot.line().log2X().logY().yMax(20).series("none", LENGTHS, PPL).build();
        assertEquals(20.0, ((XYSpec) chart.spec()).toXChart().getStyler().getYAxisMax());
        assertTrue(chart.toPng().length > 1000);
        assertEquals("every y value is at or above the y maximum 5.0, so nothing would show; raise it",
                assertThrows(IllegalArgumentException.class,
                        () -> Plot.line().yMax(5).series("none", LENGTHS, PPL).build()).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Plot.line().yMax(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Plot.line().logY().yMax(-1)
                .series("a", LENGTHS, PPL).build());
    }

    @Test
    void heatmapCellLabelsReplaceTheValues() {
        double[][] z = {{1.0, 0.5}, {Double.NaN, 0.0}};
        String[][] text = {{"3/3", "1/2"}, {null, "0/3"}};
        Chart chart = Plot.heatmap().grid(new String[] {"1k", "2k"}, new String[] {"0.9", "0.1"}, z).range(0, 1)
                .cellLabels(text).build();
        HeatmapSpec spec = (HeatmapSpec) chart.spec();
        assertTrue(spec.showValues());
        assertArrayEquals(new String[] {"3/3", "1/2"}, spec.cellLabels()[0]);
        assertTrue(chart.toPng().length > 1000);
        assertThrows(IllegalArgumentException.class, () -> Plot.heatmap().grid(new String[] {"a"}, new String[] {"b"},
                new double[][] {{1}}).cellLabels(new String[][] {{"x", "y"}}).build());
    }

    @Test
    void gridPlacesPanelsInRowsAndRendersAsOneFigure() throws Exception {
        List<Chart> panels = List.of("a", "b", "c", "d").stream().map(name -> Plot.heatmap().title(name).size(300, 200)
                .grid(new double[] {1, 2}, new double[] {1}, new double[][] {{0.25, 0.75}}).range(0, 1).build()).toList();
        GridBuilder builder = Plot.grid().title("Four");
        panels.forEach(builder::add);
        Chart grid = builder.build();
        assertEquals(ChartKind.GRID, grid.kind());
        assertEquals(900, grid.width(), "3 columns of 300");
        assertEquals(2 * 200 + GridBuilder.TITLE_HEIGHT, grid.height(), "2 rows under the title");
        assertEquals(List.of("a", "b", "c", "d"), grid.series().stream().map(SeriesInfo::name).toList());
        assertEquals("grid chart \"Four\" (900×436 px): 4 panels — a (heatmap, 2×1 grid); b (heatmap, 2×1 grid); "
                + "c (heatmap, 2×1 grid); d (heatmap, 2×1 grid)", grid.summary());
        GridSpec spec = (GridSpec) grid.spec();
        assertEquals(3, spec.columns());
        assertEquals(panels.get(3).spec(), spec.panels().get(3));
        BufferedImage image = ChartRenderingTest.decode(grid.toPng(1));
        assertEquals(900, image.getWidth());
        assertEquals(436, image.getHeight());
        BufferedImage single = ChartRenderingTest.decode(panels.get(3).toPng(1));
        // panel d is in row 2, column 1: its pixels are the panel's own, shifted there
        int same = 0;
        for (int x = 0; x < 300; x++) {
            for (int y = 0; y < 200; y++) {
                same += image.getRGB(x, GridBuilder.TITLE_HEIGHT + 200 + y) == single.getRGB(x, y) ? 1 : 0;
            }
        }
        assertTrue(same > 0.99 * 300 * 200, "panel d drawn in its cell: " + same + " of 60000 pixels equal");
        assertTrue(grid.toSvg().contains("translate(0 236)"), "the SVG moves the fourth panel to its cell");
        assertTrue(grid.toPdf().length > 1000);
        assertEquals(600, Plot.grid().columns(2).add(panels.get(0)).add(panels.get(1)).add(panels.get(2)).build().width());
        assertThrows(IllegalArgumentException.class, () -> Plot.grid().build());
        assertThrows(IllegalArgumentException.class, () -> Plot.grid().columns(0));
    }
}
