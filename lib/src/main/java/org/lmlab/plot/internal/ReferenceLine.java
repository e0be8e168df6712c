package org.lmlab.plot.internal;

import java.util.Objects;

/**
 * A vertical line across the plot at one x value, such as a model's trained context, drawn dashed
 * with its label at the top.
 *
 * @param x     where, in data units
 * @param label the text beside it; empty for none
 */
public record ReferenceLine(double x, String label) {

    public ReferenceLine {
        Objects.requireNonNull(label, "label");
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("a reference line needs a finite x; got " + x);
        }
    }
}
