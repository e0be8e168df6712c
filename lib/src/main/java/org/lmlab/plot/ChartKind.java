package org.lmlab.plot;

import java.util.Locale;

/** What a {@link Chart} shows. */
public enum ChartKind {
    LINE, SCATTER, HISTOGRAM, ECDF, BOX, VIOLIN, HEATMAP,
    /** Several charts side by side (small multiples). */
    GRID;

    /** Lower-case name as used in summaries and by {@code %plot}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
