package org.lmlab.plot.internal;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.util.List;

/**
 * Small multiples: charts side by side in rows of {@code columns}, each in a cell as large as the
 * largest panel, under an optional title. Each panel paints itself, translated to its cell.
 *
 * @param frame       the whole figure: its title, size (cells plus title strip) and background
 * @param panels      the charts, filled row by row
 * @param columns     panels per row
 * @param titleHeight pixels of the strip at the top that holds the title (0 without one)
 */
public record GridSpec(Frame frame, List<ChartSpec> panels, int columns, int titleHeight) implements ChartSpec {

    public GridSpec {
        panels = List.copyOf(panels);
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("a grid needs at least one panel");
        }
        if (columns < 1) {
            throw new IllegalArgumentException("a grid needs at least one column; got " + columns);
        }
    }

    /** The width of a cell: the widest panel. */
    public int cellWidth() {
        return panels.stream().mapToInt(p -> p.frame().width()).max().orElseThrow();
    }

    /** The height of a cell: the tallest panel. */
    public int cellHeight() {
        return panels.stream().mapToInt(p -> p.frame().height()).max().orElseThrow();
    }

    @Override
    public void paint(Graphics2D g) {
        g.setColor(frame.theme().background());
        g.fillRect(0, 0, frame.width(), frame.height());
        if (!frame.title().isEmpty()) {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            Font font = Styling.font(frame.theme(), Font.BOLD, frame.theme().fontSize() + 4f);
            double[] size = Styling.measure(g, frame.title(), font);
            g.setColor(frame.theme().text());
            Styling.drawText(g, frame.title(), font, Math.max(4, (frame.width() - size[0]) / 2),
                    (titleHeight + size[1]) / 2.0);
        }
        int w = cellWidth();
        int h = cellHeight();
        for (int i = 0; i < panels.size(); i++) {
            ChartSpec panel = panels.get(i);
            Graphics2D cell = (Graphics2D) g.create();
            try {
                cell.translate((i % columns) * w, titleHeight + (i / columns) * h);
                cell.clipRect(0, 0, panel.frame().width(), panel.frame().height());
                panel.paint(cell);
            } finally {
                cell.dispose();
            }
        }
    }
}
