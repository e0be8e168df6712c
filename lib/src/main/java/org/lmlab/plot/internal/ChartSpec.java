package org.lmlab.plot.internal;

import org.knowm.xchart.internal.chartpart.Chart;

/**
 * An immutable description of a chart that builds a fresh XChart object on every call, so an
 * lmlab chart can be rendered from several threads and never changes after it is built.
 */
public interface ChartSpec {

    Frame frame();

    /** A new XChart chart, styled and filled with this spec's data, {@link #reservedRight()} narrower than the frame. */
    Chart<?, ?> toXChart();

    /** Pixels at the right of the frame that XChart leaves free for lmlab's own drawing (a colour bar). */
    default int reservedRight() {
        return 0;
    }
}
