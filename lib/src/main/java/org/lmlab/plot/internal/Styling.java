package org.lmlab.plot.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.lmlab.plot.LegendPosition;
import org.lmlab.plot.Theme;

/** Applies a {@link Theme} to XChart's stylers: the one place that decides how charts look. */
public final class Styling {

    private Styling() {
    }

    public static Font font(Theme theme, int style, float size) {
        return new Font(theme.fontFamily(), style, Math.round(size)).deriveFont(size);
    }

    /** An XY chart with the frame's size, titles and axis styling; static (no zoom, no cursor). */
    public static XYChart xyChart(Frame frame) {
        XYChart chart = new XYChart(frame.width(), frame.height());
        chart.setTitle(frame.title());
        chart.setXAxisTitle(frame.xLabel());
        chart.setYAxisTitle(frame.yLabel());
        XYStyler s = chart.getStyler();
        applyAxes(s, frame);
        s.setZoomEnabled(false);
        s.setCursorEnabled(false);
        return chart;
    }

    /** The settings every axes chart shares: no border, light grid, quiet axes, our fonts. */
    public static void applyAxes(AxesChartStyler s, Frame frame) {
        Theme t = frame.theme();
        float size = t.fontSize();
        s.setBaseFont(font(t, Font.PLAIN, size));
        s.setChartTitleFont(font(t, Font.BOLD, size + 3));
        s.setAxisTitleFont(font(t, Font.PLAIN, size + 1));
        s.setAxisTickLabelsFont(font(t, Font.PLAIN, size));
        s.setLegendFont(font(t, Font.PLAIN, size));
        s.setAnnotationTextFont(font(t, Font.PLAIN, size));

        s.setChartBackgroundColor(t.background());
        s.setPlotBackgroundColor(t.background());
        s.setChartFontColor(t.text());
        s.setAxisTickLabelsColor(t.mutedText());
        s.setPlotBorderVisible(false);
        s.setChartTitleBoxVisible(false);
        s.setChartTitleVisible(!frame.title().isEmpty());
        s.setChartTitlePadding(10);
        s.setChartPadding(12);

        s.setPlotGridLinesVisible(true);
        s.setPlotGridLinesColor(t.grid());
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setPlotTicksMarksVisible(false);
        s.setAxisTicksMarksVisible(false);
        s.setAxisTicksLineVisible(false);
        s.setAxisTickMarksColor(t.grid());
        s.setAxisTickPadding(6);
        s.setAxisTitlePadding(8);
        s.setPlotMargin(6);
        s.setXAxisTitleVisible(!frame.xLabel().isEmpty());
        s.setYAxisTitleVisible(!frame.yLabel().isEmpty());

        s.setLegendBackgroundColor(t.background());
        s.setLegendBorderColor(t.background());
        s.setLegendPadding(6);
        s.setLegendSeriesLineLength(22);

        s.setToolTipsEnabled(false);
        s.setAntiAlias(true);
        s.setLocale(Locale.ROOT);
        s.setErrorBarsColorSeriesColor(true);
        s.setMarkerSize(t.markerSize());
        s.setSeriesColors(t.palette().toArray(new Color[0]));
    }

    /** Shows the legend where {@code position} asks; {@code AUTO} shows it at the right for several entries. */
    public static void applyLegend(Styler s, LegendPosition position, int entries) {
        switch (position) {
            case AUTO -> {
                s.setLegendVisible(entries > 1);
                s.setLegendPosition(Styler.LegendPosition.OutsideE);
            }
            case NONE -> s.setLegendVisible(false);
            case RIGHT -> {
                s.setLegendVisible(true);
                s.setLegendPosition(Styler.LegendPosition.OutsideE);
            }
            case BOTTOM -> {
                s.setLegendVisible(true);
                s.setLegendPosition(Styler.LegendPosition.OutsideS);
                s.setLegendLayout(Styler.LegendLayout.Horizontal);
            }
            case INSIDE_TOP_RIGHT -> {
                s.setLegendVisible(true);
                s.setLegendPosition(Styler.LegendPosition.InsideNE);
            }
            case INSIDE_TOP_LEFT -> {
                s.setLegendVisible(true);
                s.setLegendPosition(Styler.LegendPosition.InsideNW);
            }
        }
    }

    /**
     * Draws {@code text} as filled glyph outlines with its left end of baseline at (x, y), as XChart
     * draws its own text, so SVG and PDF output look the same without the font installed.
     *
     * @return the advance width
     */
    public static double drawText(Graphics2D g, String text, Font font, double x, double y) {
        if (text.isEmpty()) {
            return 0;
        }
        TextLayout layout = new TextLayout(text, font, g.getFontRenderContext());
        Shape outline = layout.getOutline(AffineTransform.getTranslateInstance(x, y));
        g.fill(outline);
        return layout.getAdvance();
    }

    /** The advance width and the ascent of {@code text}, for centring. */
    public static double[] measure(Graphics2D g, String text, Font font) {
        if (text.isEmpty()) {
            return new double[] {0, 0};
        }
        TextLayout layout = new TextLayout(text, font, g.getFontRenderContext());
        return new double[] {layout.getAdvance(), layout.getAscent()};
    }

    public static Color withAlpha(Color color, double alpha) {
        return new Color(color.getRed(), color.getGreen(), color.getBlue(), (int) Math.round(alpha * 255));
    }

    public static BasicStroke line(float width) {
        return new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }
}
