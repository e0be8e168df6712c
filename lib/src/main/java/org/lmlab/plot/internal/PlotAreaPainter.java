package org.lmlab.plot.internal;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import org.knowm.xchart.internal.chartpart.Annotation;

/**
 * lmlab's own drawing over an XChart plot, once XChart has laid out the axes: anti-aliased, given
 * the plot area's edges in screen pixels.
 */
abstract class PlotAreaPainter extends Annotation {

    /** @param screenSpace whether values are screen pixels rather than data (XChart's flag) */
    PlotAreaPainter(boolean screenSpace) {
        super(screenSpace);
        this.bounds = new Rectangle2D.Double();
    }

    @Override
    public final void paint(Graphics2D g) {
        if (!isVisible) {
            return;
        }
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        paintArea(g, getXAxisScreenValueForMin(), getXAxisScreenValueForMax(), getYAxisScreenValueForMin(),
                getYAxisScreenValueForMax());
    }

    /** Paints, knowing the plot area runs from {@code left} to {@code right} and {@code top} to {@code bottom}. */
    abstract void paintArea(Graphics2D g, double left, double right, double top, double bottom);
}
