package org.lmlab.plot.internal;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapSeries;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.theme.XChartTheme;

/**
 * A heat map of a grid (for sweeps: one axis per swept parameter). XChart draws the cells and
 * category axes; lmlab paints the colour bar (with ticks) and, optionally, cell values in a
 * readable colour. Cells whose value is NaN are left empty.
 *
 * @param z          values by row (y index, bottom row first) and column (x index)
 * @param colorLabel title over the colour bar; empty for none
 * @param cellLabels text written in each cell instead of its value when {@code showValues}, by row and
 *                   column as {@code z}; null to write the values (null entries: no text)
 */
public record HeatmapSpec(Frame frame, String name, List<String> xLabels, List<String> yLabels, double[][] z,
                          double min, double max, boolean showValues, String colorLabel, String[][] cellLabels)
        implements XChartSpec {

    /** Width kept free at the right for the colour bar, in pixels. */
    static final int COLOR_BAR_SPACE = 90;

    public HeatmapSpec {
        xLabels = List.copyOf(xLabels);
        yLabels = List.copyOf(yLabels);
        colorLabel = colorLabel == null ? "" : colorLabel;
    }

    public ColorScale scale() {
        return new ColorScale(frame.theme().sequential(), min, max);
    }

    @Override
    public int reservedRight() {
        return COLOR_BAR_SPACE;
    }

    @Override
    public HeatMapChart toXChart() {
        // the (int, int) constructor leaves HeatMapStyler uninitialised; a theme runs its defaults
        HeatMapChart chart = new HeatMapChart(frame.width() - COLOR_BAR_SPACE, frame.height(), new XChartTheme());
        chart.setTitle(frame.title());
        chart.setXAxisTitle(frame.xLabel());
        chart.setYAxisTitle(frame.yLabel());
        HeatMapStyler s = chart.getStyler();
        Styling.applyAxes(s, frame);
        s.setPlotGridLinesVisible(false);
        s.setPlotContentSize(1.0);
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendVisible(false);
        s.setRangeColors(frame.theme().sequential().toArray(new Color[0]));
        s.setShowValue(false);
        s.setDrawBorder(false);
        s.setMin(min);
        s.setMax(max);

        List<Number[]> cells = new ArrayList<>();
        for (int yi = 0; yi < z.length; yi++) {
            for (int xi = 0; xi < z[yi].length; xi++) {
                double v = z[yi][xi];
                if (!Double.isNaN(v)) {
                    cells.add(new Number[] {xi, yi, v});
                }
            }
        }
        HeatMapSeries series = chart.addSeries(name, xLabels, yLabels, cells);
        series.setMin(min);
        series.setMax(max);
        chart.addAnnotation(new HeatmapPainter(this));
        return chart;
    }
}
