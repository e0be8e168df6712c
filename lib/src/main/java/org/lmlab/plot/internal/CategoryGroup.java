package org.lmlab.plot.internal;

import java.awt.Color;
import java.util.Objects;
import org.lmlab.plot.stats.BoxStats;

/**
 * One group of a box or violin plot, with everything needed to draw it precomputed.
 *
 * @param name      the label under its position
 * @param stats     quartiles, whiskers and outliers
 * @param gridY     for violins, the values at which the density was evaluated; null for box plots
 * @param halfWidth for violins, the half-width of the outline at each grid value in x-axis units
 * @param color     fill and outline colour
 */
public record CategoryGroup(String name, BoxStats stats, double[] gridY, double[] halfWidth, Color color) {

    public CategoryGroup {
        Objects.requireNonNull(name);
        Objects.requireNonNull(stats);
        Objects.requireNonNull(color);
        if ((gridY == null) != (halfWidth == null) || (gridY != null && gridY.length != halfWidth.length)) {
            throw new IllegalArgumentException("group " + name + ": violin outline arrays do not match");
        }
    }

    /** Lowest value drawn. */
    public double low() {
        return gridY != null && gridY.length > 0 ? Math.min(gridY[0], stats.min()) : stats.min();
    }

    /** Highest value drawn. */
    public double high() {
        return gridY != null && gridY.length > 0 ? Math.max(gridY[gridY.length - 1], stats.max()) : stats.max();
    }
}
