package org.lmlab.plot.internal;

import java.awt.Color;
import java.util.Objects;

/**
 * One XChart XY series: its points, how it is drawn and in which colour. Arrays are owned by the
 * layer (callers hand over fresh copies) and never changed.
 *
 * @param name     unique within the chart; shown in the legend when {@code inLegend}
 * @param x        x values
 * @param y        y values; NaN breaks a line
 * @param errors   symmetric error-bar half-lengths, or null
 * @param style    how the points are drawn
 * @param color    the series colour
 * @param inLegend whether the legend lists it
 */
public record XYLayer(String name, double[] x, double[] y, double[] errors, Style style, Color color,
                      boolean inLegend) {

    /** How a layer is drawn. */
    public enum Style {
        /** Connected line, no markers. */
        LINE,
        /** Connected line with a marker at each point. */
        LINE_MARKERS,
        /** Markers only. */
        SCATTER,
        /** Outline of steps from each point to the next, filled down to zero (histograms). */
        STEP_FILL,
        /** A closed polygon, filled, no outline (confidence bands). */
        BAND
    }

    public XYLayer {
        Objects.requireNonNull(name);
        Objects.requireNonNull(style);
        Objects.requireNonNull(color);
        if (x.length != y.length || (errors != null && errors.length != y.length)) {
            throw new IllegalArgumentException("layer " + name + ": arrays differ in length");
        }
    }
}
