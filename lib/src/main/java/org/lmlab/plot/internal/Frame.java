package org.lmlab.plot.internal;

import java.util.Objects;
import org.lmlab.plot.LegendPosition;
import org.lmlab.plot.Theme;

/**
 * What every chart has around its data: title, axis labels, size and theme.
 *
 * @param title  chart title; empty for none
 * @param xLabel x-axis label; empty for none
 * @param yLabel y-axis label; empty for none
 * @param width  width in CSS pixels (PNG output is rendered at a multiple of it)
 * @param height height in CSS pixels
 * @param theme  colours and fonts
 * @param legend legend placement
 */
public record Frame(String title, String xLabel, String yLabel, int width, int height, Theme theme,
                    LegendPosition legend) {

    public Frame {
        title = title == null ? "" : title;
        xLabel = xLabel == null ? "" : xLabel;
        yLabel = yLabel == null ? "" : yLabel;
        Objects.requireNonNull(theme, "theme");
        Objects.requireNonNull(legend, "legend");
        if (width < 100 || height < 80 || width > 10_000 || height > 10_000) {
            throw new IllegalArgumentException("chart size must be between 100x80 and 10000x10000 pixels; got "
                    + width + "x" + height);
        }
    }
}
