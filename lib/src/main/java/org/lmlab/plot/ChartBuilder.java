package org.lmlab.plot;

import java.util.Objects;
import org.lmlab.plot.internal.Frame;

/**
 * Options every chart has. Builders are mutable and single-use; {@link #build()} returns an
 * immutable {@link Chart}.
 *
 * @param <B> the concrete builder, so chained calls keep its type
 */
public abstract class ChartBuilder<B extends ChartBuilder<B>> {

    /** Default size in CSS pixels; PNGs are rendered at twice this for high-DPI screens. */
    public static final int DEFAULT_WIDTH = 640;
    public static final int DEFAULT_HEIGHT = 400;

    String title = "";
    String xLabel;
    String yLabel;
    int width = DEFAULT_WIDTH;
    int height = DEFAULT_HEIGHT;
    Theme theme = Theme.standard();
    LegendPosition legend = LegendPosition.AUTO;

    ChartBuilder() {
    }

    @SuppressWarnings("unchecked")
    final B self() {
        return (B) this;
    }

    public B title(String title) {
        this.title = title == null ? "" : title;
        return self();
    }

    /** The x-axis label. */
    public B x(String label) {
        this.xLabel = label;
        return self();
    }

    /** The y-axis label. */
    public B y(String label) {
        this.yLabel = label;
        return self();
    }

    /** Size in CSS pixels (default 640×400). */
    public B size(int width, int height) {
        this.width = width;
        this.height = height;
        return self();
    }

    public B theme(Theme theme) {
        this.theme = Objects.requireNonNull(theme, "theme");
        return self();
    }

    public B legend(LegendPosition position) {
        this.legend = Objects.requireNonNull(position, "legend");
        return self();
    }

    /** The finished chart. */
    public abstract Chart build();

    /** Labels set on the builder win over the defaults (column names, "count", ...). */
    final Frame frame(String defaultX, String defaultY) {
        return new Frame(title, xLabel != null ? xLabel : defaultX, yLabel != null ? yLabel : defaultY, width,
                height, theme, legend);
    }

    static String requireName(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(what + " name must be a non-empty string");
        }
        return name;
    }

    static void requireArray(double[] values, String series, String what) {
        if (values == null) {
            throw new IllegalArgumentException("series '" + series + "': " + what + " is null");
        }
    }

    /** NaN-free copy; rejects infinities and samples with no finite value. */
    static double[] finiteSample(String series, double[] values) {
        requireArray(values, series, "values");
        int finite = 0;
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (Double.isInfinite(v)) {
                throw new IllegalArgumentException("series '" + series + "': value [" + i + "] is " + v
                        + "; only finite values can be plotted (NaN values are skipped)");
            }
            if (!Double.isNaN(v)) {
                finite++;
            }
        }
        if (finite == 0) {
            throw new IllegalArgumentException("series '" + series + "' is empty"
                    + (values.length > 0 ? " (all " + values.length + " values are NaN)" : ""));
        }
        double[] out = new double[finite];
        int k = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                out[k++] = v;
            }
        }
        return out;
    }
}
