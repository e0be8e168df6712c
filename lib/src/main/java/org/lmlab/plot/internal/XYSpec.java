package org.lmlab.plot.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.lmlab.plot.Theme;

/**
 * Line, scatter, histogram and ECDF charts: XChart XY series in the order given (bands first so
 * lines are drawn over them), with optional log axes, a fixed top of the y axis and vertical
 * reference lines.
 *
 * <p>A base-2 x axis ({@code log2X}) is drawn as a linear axis over log2(x), with a tick at every
 * power of two labelled with 2^v (1k = 1024): XChart's own log axes put ticks at powers of ten only.
 */
public record XYSpec(Frame frame, List<XYLayer> layers, boolean logX, boolean logY, Double yMin, boolean dataTicks,
                     boolean log2X, Double yMax, List<ReferenceLine> referenceLines) implements XChartSpec {

    /** Up to this many distinct, equally spaced x values get a tick each (when {@code dataTicks}). */
    static final int MAX_DATA_TICKS = 12;

    /** Log axes spanning at most this many decades label 2, 3, ... 9 as well as the powers of ten. */
    static final double LABEL_ALL_LOG_DECADES = 1.3;

    static final String TICK_SERIES = "\u0000ticks";

    static final String REFERENCE_SERIES = "\u0000reference";

    /**
     * @param yMin           lower end of the y axis, or null to fit the data
     * @param dataTicks      whether a few equally spaced x values (1, 2, 4, 8 models...) may each get a
     *                       tick, as XChart does by default; otherwise ticks are round numbers
     * @param log2X          with {@code logX}: ticks at powers of two instead of ten
     * @param yMax           upper end of the y axis, or null to fit the data; lines above it leave the plot
     * @param referenceLines vertical lines across the plot, in data units
     */
    public XYSpec {
        layers = List.copyOf(layers);
        referenceLines = List.copyOf(referenceLines);
        if (log2X && !logX) {
            throw new IllegalArgumentException("a base-2 x axis is a log axis: set logX too");
        }
    }

    /** A chart without base-2 axis, y maximum or reference lines. */
    public XYSpec(Frame frame, List<XYLayer> layers, boolean logX, boolean logY, Double yMin, boolean dataTicks) {
        this(frame, layers, logX, logY, yMin, dataTicks, false, null, List.of());
    }

    @Override
    public XYChart toXChart() {
        XYChart chart = Styling.xyChart(frame);
        XYStyler s = chart.getStyler();
        s.setXAxisLogarithmic(logX && !log2X);
        s.setYAxisLogarithmic(logY);
        if (yMin != null) {
            s.setYAxisMin(yMin);
        }
        if (yMax != null) {
            s.setYAxisMax(yMax);
        }
        Theme theme = frame.theme();
        int legendEntries = 0;
        for (XYLayer layer : layers) {
            double[] x = log2X ? log2(layer.x()) : layer.x();
            XYSeries series = chart.addSeries(layer.name(), x, layer.y(), layer.errors());
            style(series, layer, theme);
            series.setShowInLegend(layer.inLegend());
            if (layer.inLegend()) {
                legendEntries++;
            }
        }
        if (log2X) {
            addPowerOfTwoAxis(chart);
        } else {
            addTickSeries(chart);
            addReferenceRange(chart);
        }
        if (logX && !log2X) {
            s.setXAxisLogarithmicDecadeOnly(decades(true) > LABEL_ALL_LOG_DECADES);
        }
        if (logY) {
            s.setYAxisLogarithmicDecadeOnly(decades(false) > LABEL_ALL_LOG_DECADES);
        }
        if (!referenceLines.isEmpty()) {
            chart.addAnnotation(new ReferenceLinePainter(log2X ? referenceLines.stream()
                    .map(r -> new ReferenceLine(log2(r.x()), r.label())).toList() : referenceLines, theme));
        }
        Styling.applyLegend(s, frame.legend(), legendEntries);
        return chart;
    }

    /**
     * The base-2 axis: an invisible series at every whole exponent from below the smallest x (data
     * and reference lines) to above the largest, and the axis fixed to that span. Equally spaced x
     * values make XChart tick each of them; x values between powers of two make it fall back to
     * round steps of the exponent, still labelled with 2^v.
     */
    private void addPowerOfTwoAxis(XYChart chart) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : allX()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (!(min <= max)) {
            return;
        }
        long low = (long) Math.floor(Math.log(min) / Math.log(2) + 1e-9);
        long high = (long) Math.ceil(Math.log(max) / Math.log(2) - 1e-9);
        if (low == high) {
            low--;
            high++;
        }
        double[] xs = new double[(int) (high - low + 1)];
        double[] ys = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = low + i;
            ys[i] = Double.NaN;
        }
        XYSeries axis = chart.addSeries(TICK_SERIES, xs, ys);
        axis.setMarker(SeriesMarkers.NONE);
        axis.setLineStyle(SeriesLines.NONE);
        axis.setShowInLegend(false);
        XYStyler s = chart.getStyler();
        s.setXAxisMin((double) low);
        s.setXAxisMax((double) high);
        s.setxAxisTickLabelsFormattingFunction(v -> NumberLabels.binary(Math.pow(2, v)));
    }

    /** Widens the x axis to reference lines outside the data with an invisible series at their x. */
    private void addReferenceRange(XYChart chart) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (XYLayer layer : layers) {
            for (double x : layer.x()) {
                if (!Double.isNaN(x)) {
                    min = Math.min(min, x);
                    max = Math.max(max, x);
                }
            }
        }
        double lo = min;
        double hi = max;
        double[] outside = referenceLines.stream().mapToDouble(ReferenceLine::x)
                .filter(x -> !(x >= lo && x <= hi) && (!logX || x > 0)).toArray();
        if (outside.length == 0) {
            return;
        }
        double[] nan = new double[outside.length];
        Arrays.fill(nan, Double.NaN);
        XYSeries range = chart.addSeries(REFERENCE_SERIES, outside, nan);
        range.setMarker(SeriesMarkers.NONE);
        range.setLineStyle(SeriesLines.NONE);
        range.setShowInLegend(false);
    }

    /** Every positive x of the data and the reference lines. */
    private List<Double> allX() {
        List<Double> all = new ArrayList<>();
        for (XYLayer layer : layers) {
            for (double x : layer.x()) {
                if (x > 0) {
                    all.add(x);
                }
            }
        }
        referenceLines.forEach(r -> all.add(r.x()));
        return all;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    private static double[] log2(double[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = log2(x[i]);
        }
        return out;
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
        Set<Double> distinct = new HashSet<>();
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
