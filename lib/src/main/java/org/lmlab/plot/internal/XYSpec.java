package org.lmlab.plot.internal;

import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.lmlab.plot.Theme;

/**
 * Line, scatter, histogram and ECDF charts: XChart XY series in the order given (bands first so
 * lines are drawn over them), with optional log axes.
 */
public record XYSpec(Frame frame, List<XYLayer> layers, boolean logX, boolean logY, Double yMin, boolean dataTicks)
        implements ChartSpec {

    /** Up to this many distinct, equally spaced x values get a tick each (when {@code dataTicks}). */
    static final int MAX_DATA_TICKS = 12;

    /** Log axes spanning at most this many decades label 2, 3, ... 9 as well as the powers of ten. */
    static final double LABEL_ALL_LOG_DECADES = 1.3;

    static final String TICK_SERIES = "\u0000ticks";

    /**
     * @param yMin      lower end of the y axis, or null to fit the data
     * @param dataTicks whether a few equally spaced x values (1, 2, 4, 8 models...) may each get a
     *                  tick, as XChart does by default; otherwise ticks are round numbers
     */
    public XYSpec {
        layers = List.copyOf(layers);
    }

    @Override
    public XYChart toXChart() {
        XYChart chart = Styling.xyChart(frame);
        XYStyler s = chart.getStyler();
        s.setXAxisLogarithmic(logX);
        s.setYAxisLogarithmic(logY);
        if (yMin != null) {
            s.setYAxisMin(yMin);
        }
        Theme theme = frame.theme();
        int legendEntries = 0;
        for (XYLayer layer : layers) {
            XYSeries series = chart.addSeries(layer.name(), layer.x(), layer.y(), layer.errors());
            style(series, layer, theme);
            series.setShowInLegend(layer.inLegend());
            if (layer.inLegend()) {
                legendEntries++;
            }
        }
        addTickSeries(chart);
        if (logX) {
            s.setXAxisLogarithmicDecadeOnly(decades(true) > LABEL_ALL_LOG_DECADES);
        }
        if (logY) {
            s.setYAxisLogarithmicDecadeOnly(decades(false) > LABEL_ALL_LOG_DECADES);
        }
        Styling.applyLegend(s, frame.legend(), legendEntries);
        return chart;
    }

    /**
     * XChart puts a tick at every data value when all x (or y) values of all series are equally
     * spaced: right for x = 1..5, crowded for 200 steps, and wrong for histogram edges or ECDF
     * fractions. An invisible one-point series with y = NaN switches y to round-number ticks, and
     * its x (off the data grid, inside the range) does the same for x unless few values are wanted.
     */
    private void addTickSeries(XYChart chart) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        java.util.Set<Double> distinct = new java.util.HashSet<>();
        for (XYLayer layer : layers) {
            for (double x : layer.x()) {
                if (!Double.isNaN(x)) {
                    min = Math.min(min, x);
                    max = Math.max(max, x);
                    if (distinct.size() <= MAX_DATA_TICKS) {
                        distinct.add(x);
                    }
                }
            }
        }
        if (!(min <= max)) {
            return;
        }
        double x = dataTicks && distinct.size() <= MAX_DATA_TICKS
                ? min
                : logX ? Math.pow(10, Math.log10(min) + (Math.log10(max) - Math.log10(min)) * 0.4321)
                        : min + (max - min) * 0.4321;
        XYSeries ticks = chart.addSeries(TICK_SERIES, new double[] {x}, new double[] {Double.NaN});
        ticks.setMarker(SeriesMarkers.NONE);
        ticks.setLineStyle(SeriesLines.NONE);
        ticks.setShowInLegend(false);
    }

    /** How many powers of ten the x (or y) data spans. */
    private double decades(boolean x) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (XYLayer layer : layers) {
            double[] values = x ? layer.x() : layer.y();
            for (double v : values) {
                if (v > 0) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        return min <= max ? Math.log10(max / min) : 0;
    }

    private static void style(XYSeries series, XYLayer layer, Theme theme) {
        series.setLineColor(layer.color());
        series.setMarkerColor(layer.color());
        series.setFillColor(theme.fill(layer.color()));
        switch (layer.style()) {
            case LINE -> {
                series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
                series.setLineStyle(Styling.line(theme.lineWidth()));
                series.setMarker(SeriesMarkers.NONE);
            }
            case LINE_MARKERS -> {
                series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
                series.setLineStyle(Styling.line(theme.lineWidth()));
                series.setMarker(SeriesMarkers.CIRCLE);
            }
            case SCATTER -> {
                series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
                series.setLineStyle(SeriesLines.NONE);
                series.setMarker(SeriesMarkers.CIRCLE);
                series.setMarkerColor(Styling.withAlpha(layer.color(), 0.75));
            }
            case STEP_FILL -> {
                series.setXYSeriesRenderStyle(XYSeriesRenderStyle.StepArea);
                series.setLineStyle(Styling.line(Math.max(1f, theme.lineWidth() * 0.75f)));
                series.setMarker(SeriesMarkers.NONE);
            }
            case BAND -> {
                series.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
                series.setLineStyle(SeriesLines.NONE);
                series.setMarker(SeriesMarkers.NONE);
            }
        }
    }
}
