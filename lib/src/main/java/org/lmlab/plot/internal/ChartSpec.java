package org.lmlab.plot.internal;

import java.awt.Graphics2D;

/**
 * An immutable description of a chart that paints itself afresh on every call, so an lmlab chart
 * can be rendered from several threads and never changes after it is built. Most charts are one
 * XChart chart ({@link XChartSpec}); a grid of charts ({@link GridSpec}) paints several.
 */
public interface ChartSpec {

    Frame frame();

    /** Paints the whole chart onto {@code g} in CSS pixels, from (0, 0) to the frame's size, background included. */
    void paint(Graphics2D g);
}
