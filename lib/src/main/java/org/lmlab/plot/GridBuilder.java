package org.lmlab.plot;

import java.util.ArrayList;
import java.util.List;
import org.lmlab.plot.internal.ChartSpec;
import org.lmlab.plot.internal.Frame;
import org.lmlab.plot.internal.GridSpec;

/**
 * Small multiples: finished charts side by side in one figure (one heat map per method, say), in
 * rows of {@link #columns} (default: up to 3). Each panel keeps its own size, title, axes and
 * legend; size the panels before adding them. The figure displays and saves like any chart.
 *
 * <pre>{@code
 * Chart figure = Plot.grid().title("Passkey accuracy").add(noneHeatmap).add(yarnHeatmap).build();
 * }</pre>
 */
public final class GridBuilder {

    /** Panels per row when {@link #columns} is not set and there are more panels than this. */
    public static final int DEFAULT_COLUMNS = 3;

    /** Height of the strip that holds the figure's title. */
    static final int TITLE_HEIGHT = 36;

    private final List<Chart> panels = new ArrayList<>();
    private String title = "";
    private Integer columns;

    GridBuilder() {
    }

    /** The figure's title, above the panels (each panel keeps its own). */
    public GridBuilder title(String title) {
        this.title = title == null ? "" : title;
        return this;
    }

    /** Panels per row. */
    public GridBuilder columns(int columns) {
        if (columns < 1) {
            throw new IllegalArgumentException("a grid needs at least one column; got " + columns);
        }
        this.columns = columns;
        return this;
    }

    /** Adds a panel, after those added before. */
    public GridBuilder add(Chart panel) {
        if (panel == null) {
            throw new IllegalArgumentException("a grid panel must be a chart, not null");
        }
        panels.add(panel);
        return this;
    }

    public Chart build() {
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("a grid needs at least one panel; add charts with add(chart)");
        }
        int cols = Math.min(panels.size(), columns != null ? columns : DEFAULT_COLUMNS);
        int rows = (panels.size() + cols - 1) / cols;
        List<ChartSpec> specs = panels.stream().map(Chart::spec).toList();
        int cellWidth = specs.stream().mapToInt(s -> s.frame().width()).max().orElseThrow();
        int cellHeight = specs.stream().mapToInt(s -> s.frame().height()).max().orElseThrow();
        int titleHeight = title.isEmpty() ? 0 : TITLE_HEIGHT;
        long width = (long) cols * cellWidth;
        long height = (long) rows * cellHeight + titleHeight;
        if (width > 10_000 || height > 10_000) {
            throw new IllegalArgumentException("a grid of " + panels.size() + " panels of " + cellWidth + "x" + cellHeight
                    + " in " + cols + " columns would be " + width + "x" + height + " pixels, over 10000; use smaller "
                    + "panels or another number of columns");
        }
        Theme theme = panels.get(0).theme();
        Frame frame = new Frame(title, "", "", (int) width, (int) height, theme, LegendPosition.NONE);
        List<SeriesInfo> infos = new ArrayList<>();
        for (int i = 0; i < panels.size(); i++) {
            Chart p = panels.get(i);
            String name = p.title().isEmpty() ? "panel " + (i + 1) : p.title();
            int values = p.series().stream().mapToInt(SeriesInfo::size).sum();
            String extras = p.kind().label() + (p.kind() == ChartKind.HEATMAP ? ", " + p.series().get(0).extras()
                    : ", " + p.series().size() + " series");
            infos.add(new SeriesInfo(name, values, extras));
        }
        return new Chart(ChartKind.GRID, new GridSpec(frame, specs, cols, titleHeight), infos, false, false);
    }
}
