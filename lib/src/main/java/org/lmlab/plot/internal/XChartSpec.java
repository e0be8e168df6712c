package org.lmlab.plot.internal;

import java.awt.Graphics2D;
import org.knowm.xchart.internal.chartpart.Chart;

/** A chart drawn by one XChart chart, plus whatever lmlab paints beside it (a colour bar). */
public interface XChartSpec extends ChartSpec {

    /** A new XChart chart, styled and filled with this spec's data, {@link #reservedRight()} narrower than the frame. */
    Chart<?, ?> toXChart();

    /** Pixels at the right of the frame that XChart leaves free for lmlab's own drawing (a colour bar). */
    default int reservedRight() {
        return 0;
    }

    @Override
    default void paint(Graphics2D g) {
        Frame f = frame();
        g.setColor(f.theme().background());
        g.fillRect(0, 0, f.width(), f.height());
        toXChart().paint(g, f.width() - reservedRight(), f.height());
    }
}
