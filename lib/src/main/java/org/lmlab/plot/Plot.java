package org.lmlab.plot;

/**
 * Where charts start. Each method returns a builder for one kind of chart; {@code build()} gives an
 * immutable {@link Chart} that displays itself in a notebook (PNG at 2× plus SVG) and saves to PNG,
 * SVG or PDF.
 *
 * <pre>{@code
 * Plot.line().title("Loss").x("step").y("loss").logY().series("run-a", steps, loss).build();
 * Plot.scatter().logLog().series("models", params, loss).build();
 * Plot.histogram().table(runs, "tokens", "dataset").build();
 * Plot.ecdf().logX().series("lengths", lengths).build();
 * Plot.box().table(evals, "score", "model").build();
 * Plot.violin().group("a", xs).group("b", ys).build();
 * Plot.heatmap().table(sweep, "lr", "batch", "loss").showValues().build();
 * Plot.grid().title("By method").add(chartA).add(chartB).build();
 * }</pre>
 */
public final class Plot {

    private Plot() {
    }

    /** Lines through (x, y) points, with optional bands and error bars. */
    public static XYBuilder line() {
        return new XYBuilder(ChartKind.LINE);
    }

    /** Markers at (x, y) points, with optional error bars. */
    public static XYBuilder scatter() {
        return new XYBuilder(ChartKind.SCATTER);
    }

    /** Histograms (Freedman–Diaconis bins by default). */
    public static HistogramBuilder histogram() {
        return new HistogramBuilder();
    }

    /** Empirical cumulative distribution functions. */
    public static EcdfBuilder ecdf() {
        return new EcdfBuilder();
    }

    /** Box plots (Tukey whiskers). */
    public static DistributionBuilder box() {
        return new DistributionBuilder(ChartKind.BOX);
    }

    /** Violin plots (Gaussian KDE, Silverman bandwidth). */
    public static DistributionBuilder violin() {
        return new DistributionBuilder(ChartKind.VIOLIN);
    }

    /** Heat maps of grids, with a colour bar. */
    public static HeatmapBuilder heatmap() {
        return new HeatmapBuilder();
    }

    /** Small multiples: finished charts side by side in one figure. */
    public static GridBuilder grid() {
        return new GridBuilder();
    }
}
