package org.lmlab.plot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.lmlab.plot.internal.XYLayer;
import org.lmlab.plot.internal.XYSpec;
import org.lmlab.plot.stats.Bins;
import org.lmlab.plot.stats.Histogram;
import org.lmlab.table.RowGroups;
import org.lmlab.table.Table;
import org.lmlab.table.TableColumns;

/**
 * Histograms drawn as filled steps. Several series share one set of bins, chosen on the pooled
 * data, and overlap translucently. Bins default to the Freedman–Diaconis rule; counts follow
 * {@code numpy.histogram}. NaN values are skipped. {@link #logX()} bins log10 of the values.
 */
public final class HistogramBuilder extends ChartBuilder<HistogramBuilder> {

    private final Map<String, double[]> series = new LinkedHashMap<>();
    private Bins bins = Bins.freedmanDiaconis();
    private boolean density;
    private boolean logX;
    private String defaultX;

    HistogramBuilder() {
    }

    public HistogramBuilder series(String name, double[] values) {
        requireName(name, "series");
        if (series.containsKey(name)) {
            throw new IllegalArgumentException("series '" + name + "' was already added; series names must be unique");
        }
        series.put(name, finiteSample(name, values));
        return this;
    }

    /** {@code count} equal-width bins over the data range. */
    public HistogramBuilder bins(int count) {
        this.bins = Bins.count(count);
        return this;
    }

    /** Any bin rule: {@link Bins#count}, {@link Bins#freedmanDiaconis()} (default) or {@link Bins#edges}. */
    public HistogramBuilder bins(Bins bins) {
        this.bins = Objects.requireNonNull(bins, "bins");
        return this;
    }

    /** Scales each series so its bars integrate to one (numpy {@code density=True}). */
    public HistogramBuilder density() {
        this.density = true;
        return this;
    }

    /**
     * Logarithmic x axis with bins of equal width in log10(x) (for lengths, counts, latencies):
     * every value must be positive. Bin rules apply to log10 of the values, and
     * {@link #density()} is then per decade (per unit of log10 x).
     */
    public HistogramBuilder logX() {
        this.logX = true;
        return this;
    }

    /** One series: the numeric column {@code column}. */
    public HistogramBuilder table(Table table, String column) {
        double[] values = TableColumns.numbersOrNaN(table, column, "histogram values");
        defaultX = TableColumns.requireFor(table, column, "histogram values");
        return series(defaultX, values);
    }

    /** One series per distinct value of {@code by}; groups without a number are left out. */
    public HistogramBuilder table(Table table, String column, String by) {
        RowGroups.valuesBy(table, column, by, "histogram values").forEach(this::series);
        defaultX = TableColumns.requireFor(table, column, "histogram values");
        return this;
    }

    /**
     * The histograms the chart will draw, by series, for inspection and tests. With
     * {@link #logX()} the edges are in log10 units.
     */
    public Map<String, Histogram> histograms() {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("a histogram needs at least one series; add one with series(name, values)");
        }
        Map<String, double[]> data = new LinkedHashMap<>();
        series.forEach((name, values) -> data.put(name, logX ? log10(name, values) : values));
        Bins rule = bins;
        if (logX && bins instanceof Bins.Edges e) {
            rule = Bins.edges(log10("bin edges", e.edges()));
        }
        Map<String, Histogram> out = new LinkedHashMap<>();
        if (data.size() == 1 || rule instanceof Bins.Edges) {
            Bins r = rule;
            data.forEach((name, values) -> out.put(name, Histogram.of(values, r)));
            return out;
        }
        int total = data.values().stream().mapToInt(v -> v.length).sum();
        double[] pooled = new double[total];
        int k = 0;
        for (double[] v : data.values()) {
            System.arraycopy(v, 0, pooled, k, v.length);
            k += v.length;
        }
        Bins shared = Bins.edges(Histogram.of(pooled, rule).edges());
        data.forEach((name, values) -> out.put(name, Histogram.of(values, shared)));
        return out;
    }

    private static double[] log10(String series, double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] > 0)) {
                throw new IllegalArgumentException("series '" + series + "': value " + values[i]
                        + " is not positive, so it cannot be shown on a log x axis; drop or shift such values,"
                        + " or use a linear x axis");
            }
            out[i] = Math.log10(values[i]);
        }
        return out;
    }

    @Override
    public Chart build() {
        Map<String, Histogram> histograms = histograms();
        List<XYLayer> layers = new ArrayList<>();
        List<SeriesInfo> infos = new ArrayList<>();
        int index = 0;
        for (Map.Entry<String, Histogram> e : histograms.entrySet()) {
            Histogram h = e.getValue();
            double[] edges = h.edges();
            if (logX) {
                for (int i = 0; i < edges.length; i++) {
                    edges[i] = Math.pow(10, edges[i]);
                }
            }
            double[] heights = density ? h.density() : toDouble(h.counts());
            int n = heights.length;
            double[] x = new double[n + 3];
            double[] y = new double[n + 3];
            x[0] = edges[0];
            y[0] = 0;
            for (int i = 0; i < n; i++) {
                x[i + 1] = edges[i];
                y[i + 1] = heights[i];
            }
            x[n + 1] = edges[n];
            y[n + 1] = heights[n - 1];
            x[n + 2] = edges[n];
            y[n + 2] = 0;
            layers.add(new XYLayer(e.getKey(), x, y, null, XYLayer.Style.STEP_FILL, theme.color(index++), true));
            infos.add(new SeriesInfo(e.getKey(), series.get(e.getKey()).length, n + (n == 1 ? " bin" : " bins")));
        }
        String yLabel = density ? (logX ? "density per decade" : "density") : "count";
        XYSpec spec = new XYSpec(frame(defaultX, yLabel), layers, logX, false, 0.0, false);
        return new Chart(ChartKind.HISTOGRAM, spec, infos, logX, false);
    }

    private static double[] toDouble(long[] counts) {
        double[] out = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = counts[i];
        }
        return out;
    }
}
