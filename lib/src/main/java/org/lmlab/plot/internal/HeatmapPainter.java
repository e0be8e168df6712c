package org.lmlab.plot.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import org.lmlab.plot.Theme;

/** The colour bar to the right of a heat map, and optional values inside the cells. */
final class HeatmapPainter extends PlotAreaPainter {

    private static final int STEPS = 96;
    private static final int BAR_WIDTH = 14;

    private final HeatmapSpec spec;

    HeatmapPainter(HeatmapSpec spec) {
        super(true);
        this.spec = spec;
    }

    @Override
    void paintArea(Graphics2D g, double left, double right, double top, double bottom) {
        if (spec.showValues()) {
            paintValues(g, left, right, top, bottom);
        }
        paintColorBar(g, top, bottom);
    }

    private void paintValues(Graphics2D g, double left, double right, double top, double bottom) {
        Theme theme = spec.frame().theme();
        ColorScale scale = spec.scale();
        int rows = spec.yLabels().size();
        int cols = spec.xLabels().size();
        double cw = (right - left) / cols;
        double ch = (bottom - top) / rows;
        float size = (float) Math.max(7, Math.min(theme.fontSize(), Math.min(cw / 4, ch / 2)));
        Font font = Styling.font(theme, Font.PLAIN, size);
        double widest = widestLabel(g, font);
        if (widest > cw * 0.9) {
            font = Styling.font(theme, Font.PLAIN, (float) Math.max(6, size * cw * 0.9 / widest));
        }
        double digitHeight = Styling.measure(g, "0", font)[1];
        for (int yi = 0; yi < spec.z().length; yi++) {
            for (int xi = 0; xi < spec.z()[yi].length; xi++) {
                double v = spec.z()[yi][xi];
                if (Double.isNaN(v)) {
                    continue;
                }
                String text = text(yi, xi);
                if (text == null || text.isEmpty()) {
                    continue;
                }
                double cx = left + (xi + 0.5) * cw;
                double cy = top + (rows - 1 - yi + 0.5) * ch;
                g.setColor(ColorScale.luminance(scale.color(v)) > 0.4 ? theme.text() : Color.WHITE);
                double width = Styling.measure(g, text, font)[0];
                Styling.drawText(g, text, font, cx - width / 2, cy + digitHeight * 0.36);
            }
        }
    }

    /** What cell (yi, xi) shows: its label, else its value. */
    private String text(int yi, int xi) {
        return spec.cellLabels() == null ? NumberLabels.compact(spec.z()[yi][xi], 3) : spec.cellLabels()[yi][xi];
    }

    /** The widest text any cell shows, in {@code font}. */
    private double widestLabel(Graphics2D g, Font font) {
        double widest = 0;
        for (int yi = 0; yi < spec.z().length; yi++) {
            for (int xi = 0; xi < spec.z()[yi].length; xi++) {
                String text = text(yi, xi);
                if (text != null && !Double.isNaN(spec.z()[yi][xi])) {
                    widest = Math.max(widest, Styling.measure(g, text, font)[0]);
                }
            }
        }
        return widest;
    }

    private void paintColorBar(Graphics2D g, double top, double bottom) {
        Theme theme = spec.frame().theme();
        ColorScale scale = spec.scale();
        double x = chart.getWidth() + 14;
        Font font = Styling.font(theme, Font.PLAIN, theme.fontSize());
        double digitHeight = Styling.measure(g, "0", font)[1];
        if (!spec.colorLabel().isEmpty()) {
            g.setColor(theme.text());
            Styling.drawText(g, spec.colorLabel(), font, x, top - 8);
        }
        double height = bottom - top;
        for (int i = 0; i < STEPS; i++) {
            double y0 = bottom - height * (i + 1) / STEPS;
            double mid = spec.min() + (spec.max() - spec.min()) * (i + 0.5) / STEPS;
            g.setColor(scale.color(mid));
            // overlap each step by half a pixel so no seams show when anti-aliased
            g.fill(new Rectangle2D.Double(x, y0 - 0.5, BAR_WIDTH, height / STEPS + 1));
        }
        g.setColor(theme.mutedText());
        g.setStroke(new BasicStroke(1f));
        List<Double> ticks = NumberLabels.ticks(spec.min(), spec.max(), 5);
        for (double t : ticks) {
            double y = bottom - (t - spec.min()) / (spec.max() - spec.min()) * height;
            g.draw(new Line2D.Double(x + BAR_WIDTH, y, x + BAR_WIDTH + 4, y));
            Styling.drawText(g, NumberLabels.compact(t, 4), font, x + BAR_WIDTH + 7, y + digitHeight * 0.36);
        }
    }
}
