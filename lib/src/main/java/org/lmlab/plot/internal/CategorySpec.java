package org.lmlab.plot.internal;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.function.Function;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Box and violin plots on an XChart XY chart. Group {@code i} sits at x = i + 1 on an axis from 0
 * to k + 1. XChart has no violins, and its own box plot computes quartiles its own way, so the
 * shapes are painted by {@link CategoryPainter} from {@link org.lmlab.plot.stats.BoxStats} and the
 * KDE outline. The only XChart series is an invisible one at x = 0, 1, ..., k + 1: equally spaced
 * x values make XChart put ticks exactly at the group positions, where the labels go.
 */
public record CategorySpec(Frame frame, boolean violin, List<CategoryGroup> groups) implements XChartSpec {

    /** Half the width of a box, or the widest half of a violin, in x-axis units (groups are 1 apart). */
    public static final double HALF_WIDTH = 0.4;

    static final String AXIS_SERIES = "\u0000axis";

    public CategorySpec {
        groups = List.copyOf(groups);
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("no groups");
        }
    }

    @Override
    public XYChart toXChart() {
        XYChart chart = Styling.xyChart(frame);
        XYStyler s = chart.getStyler();
        s.setPlotGridVerticalLinesVisible(false);
        s.setLegendVisible(false);

        int k = groups.size();
        double[] xs = new double[k + 2];
        double[] ys = new double[k + 2];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = i;
            ys[i] = Double.NaN;
        }
        XYSeries axis = chart.addSeries(AXIS_SERIES, xs, ys);
        axis.setMarker(SeriesMarkers.NONE);
        axis.setLineStyle(SeriesLines.NONE);
        axis.setShowInLegend(false);
        s.setXAxisMin(0.0);
        s.setXAxisMax((double) (k + 1));

        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (CategoryGroup g : groups) {
            low = Math.min(low, g.low());
            high = Math.max(high, g.high());
        }
        if (low == high) {
            low -= 0.5;
            high += 0.5;
        }
        s.setYAxisMin(low);
        s.setYAxisMax(high);
        s.setxAxisTickLabelsFormattingFunction(labels(groups));
        s.setXAxisLabelRotation(labelRotation(s.getAxisTickLabelsFont()));
        s.setXAxisLabelAlignmentVertical(AxesChartStyler.TextAlignment.Left);
        chart.addAnnotation(new CategoryPainter(this));
        return chart;
    }

    /**
     * 0 when the longest group name fits between neighbours, else 45 or 90 degrees, so every group
     * keeps its label instead of XChart dropping every other one.
     */
    int labelRotation(Font font) {
        FontRenderContext frc = new FontRenderContext(null, true, false);
        double width = 0;
        double height = 0;
        for (CategoryGroup g : groups) {
            Rectangle2D b = new TextLayout(g.name(), font, frc).getBounds();
            width = Math.max(width, b.getWidth());
            height = Math.max(height, b.getHeight());
        }
        // plot width less the y axis, spread over k + 1 slots (XChart keeps 8% as margins)
        double slot = (frame.width() - 90) * 0.92 / (groups.size() + 1);
        if (width * 1.1 < slot) {
            return 0;
        }
        return (width + height) / Math.sqrt(2) * 1.1 < slot ? 45 : 90;
    }

    /**
     * Group names at 1..k. The two end ticks get one and two spaces: XChart needs every label to be
     * distinct and non-empty, and a space draws nothing.
     */
    private static Function<Double, String> labels(List<CategoryGroup> groups) {
        return value -> {
            long i = Math.round(value);
            if (Math.abs(value - i) < 1e-6 && i >= 1 && i <= groups.size()) {
                return groups.get((int) i - 1).name();
            }
            return value < 1 ? " " : "  ";
        };
    }
}
