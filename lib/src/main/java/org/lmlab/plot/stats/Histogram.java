package org.lmlab.plot.stats;

import java.util.Arrays;
import org.lmlab.stats.QuantileMethod;

/**
 * Bin counts of one sample, computed like {@code numpy.histogram}: every bin is half-open
 * {@code [e_i, e_i+1)} except the last, which also holds its right edge.
 *
 * @param edges  the bin edges, one more than the counts
 * @param counts the number of values in each bin
 */
public record Histogram(double[] edges, long[] counts) {

    public Histogram {
        if (edges.length != counts.length + 1) {
            throw new IllegalArgumentException("a histogram has one more edge than counts; got "
                    + edges.length + " edges and " + counts.length + " counts");
        }
        edges = edges.clone();
        counts = counts.clone();
    }

    /** Counts finite {@code values} into bins chosen by {@code bins}. */
    public static Histogram of(double[] values, Bins bins) {
        Values.requireFinite(values, "histogram");
        if (bins instanceof Bins.Edges e) {
            return ofEdges(values, e.edges());
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double first = min;
        double last = max;
        if (first == last) {
            first -= 0.5;
            last += 0.5;
        }
        int count;
        if (bins instanceof Bins.Count c) {
            count = c.count();
        } else {
            count = freedmanDiaconisCount(values, first, last, ((Bins.FreedmanDiaconis) bins).maxBins());
        }
        return ofEqualBins(values, first, last, count);
    }

    /** Edges numpy chooses for {@code bins="fd"}, without the cap: ceil(range / (2 IQR n^(-1/3))). */
    static int freedmanDiaconisCount(double[] values, double first, double last, int maxBins) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double iqr = QuantileMethod.LINEAR.of(sorted, 0.75) - QuantileMethod.LINEAR.of(sorted, 0.25);
        double width = 2.0 * iqr * Math.pow(values.length, -1.0 / 3.0);
        if (width == 0) {
            return 1;
        }
        double bins = Math.ceil((last - first) / width);
        return bins > maxBins ? maxBins : (int) bins;
    }

    private static Histogram ofEqualBins(double[] values, double first, double last, int n) {
        // np.linspace(first, last, n + 1): i * step + first, with the last edge set exactly
        double delta = last - first;
        double step = delta / n;
        double[] edges = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            edges[i] = i * step + first;
        }
        edges[n] = last;
        for (int i = 1; i <= n; i++) {
            if (edges[i] <= edges[i - 1]) {
                throw new IllegalArgumentException("too many bins (" + n + ") for the data range ["
                        + first + ", " + last + "]");
            }
        }
        long[] counts = new long[n];
        for (double v : values) {
            // numpy: index from the scaled offset, then corrected against the edges themselves
            int index = (int) (((v - first) / delta) * n);
            if (index == n) {
                index--;
            }
            if (v < edges[index]) {
                index--;
            }
            if (v >= edges[index + 1] && index != n - 1) {
                index++;
            }
            counts[index]++;
        }
        return new Histogram(edges, counts);
    }

    private static Histogram ofEdges(double[] values, double[] edges) {
        int n = edges.length - 1;
        long[] counts = new long[n];
        for (double v : values) {
            if (v < edges[0] || v > edges[n]) {
                continue;
            }
            int index;
            if (v == edges[n]) {
                index = n - 1;
            } else {
                // the last edge <= v
                int pos = Arrays.binarySearch(edges, v);
                if (pos >= 0) {
                    while (pos + 1 < edges.length && edges[pos + 1] == v) {
                        pos++;
                    }
                    index = pos;
                } else {
                    index = -pos - 2;
                }
            }
            counts[index]++;
        }
        return new Histogram(edges, counts);
    }

    /** The number of bins. */
    public int size() {
        return counts.length;
    }

    /** The number of values counted. */
    public long total() {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total;
    }

    /** Counts divided by bin width and total, so the bars integrate to one (numpy {@code density=True}). */
    public double[] density() {
        double total = total();
        double[] density = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            density[i] = counts[i] / (edges[i + 1] - edges[i]) / total;
        }
        return density;
    }

    @Override
    public double[] edges() {
        return edges.clone();
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Histogram h && Arrays.equals(edges, h.edges) && Arrays.equals(counts, h.counts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(edges) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "Histogram[" + counts.length + " bins over [" + edges[0] + ", " + edges[edges.length - 1]
                + "], " + total() + " values]";
    }
}
