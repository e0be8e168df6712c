package org.lmlab.plot.internal;

import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.util.List;
import org.lmlab.plot.Theme;

/**
 * Dashed vertical lines across the plot area, each labelled at its top (right of the line, or left
 * where the label would run past the plot). Values are in the axis's own units, so a base-2 axis
 * passes log2(x).
 */
final class ReferenceLinePainter extends PlotAreaPainter {

    private final List<ReferenceLine> lines;
    private final Theme theme;

    ReferenceLinePainter(List<ReferenceLine> lines, Theme theme) {
        super(false);
        this.lines = List.copyOf(lines);
        this.theme = theme;
    }

    @Override
    void paintArea(Graphics2D g, double left, double right, double top, double bottom) {
        Font font = Styling.font(theme, Font.PLAIN, Math.max(7f, theme.fontSize() - 1f));
        for (ReferenceLine line : lines) {
            double x = getXAxisScreenValue(line.x());
            if (x < left - 0.5 || x > right + 0.5) {
                continue;
            }
            g.setColor(theme.mutedText());
            g.setStroke(new BasicStroke(1.25f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
            g.draw(new Line2D.Double(x, top, x, bottom));
            double[] size = Styling.measure(g, line.label(), font);
            double textX = x + 4 + size[0] <= right ? x + 4 : x - 4 - size[0];
            Styling.drawText(g, line.label(), font, textX, top + size[1] + 2);
        }
    }
}
