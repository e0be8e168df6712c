package org.lmlab.lengths;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.lmlab.stats.QuantileMethod;

/**
 * Summary statistics of one group of lengths: count, mean, standard deviation (either
 * {@link Dispersion}), coefficient of variation, min, max and quantiles (any {@link QuantileMethod}).
 *
 * <p>The mean is a compensated (Neumaier) sum divided by n; the spread is a second pass over the
 * deviations from that mean, also compensated, so large offsets (lengths near 15,000 with small
 * spread) lose no precision. The sorted sample is kept, so quantiles of any method and probability
 * can be asked for later.
 */
public final class LengthStats {

    private final double[] sorted;
    private final double mean;
    private final double sumSquaredDeviations;

    private LengthStats(double[] sorted, double mean, double sumSquaredDeviations) {
        this.sorted = sorted;
        this.mean = mean;
        this.sumSquaredDeviations = sumSquaredDeviations;
    }

    /**
     * Statistics of {@code values} (copied).
     *
     * @throws IllegalArgumentException if {@code values} is empty or holds NaN or an infinity
     */
    public static LengthStats of(double... values) {
        Objects.requireNonNull(values, "values");
        if (values.length == 0) {
            throw new IllegalArgumentException("cannot summarise an empty group of lengths");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("length at index " + i + " is not finite: " + values[i]);
            }
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double mean = compensatedSum(values, 0) / values.length;
        double ss = compensatedSquares(values, mean);
        return new LengthStats(sorted, mean, ss);
    }

    /** Statistics of integer lengths (token counts). */
    public static LengthStats of(int... values) {
        Objects.requireNonNull(values, "values");
        return of(Arrays.stream(values).asDoubleStream().toArray());
    }

    /**
     * Statistics per group: each row adds {@code values.apply(row)} to the group {@code key.apply(row)}.
     * Groups appear in first-seen order.
     *
     * @throws IllegalArgumentException if {@code rows} is empty, a key is null, or a group has no values
     */
    public static <T, K> Map<K, LengthStats> byGroup(
            Collection<? extends T> rows, Function<? super T, ? extends K> key, Function<? super T, double[]> values) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("cannot group an empty collection of rows");
        }
        Map<K, DoubleList> groups = new LinkedHashMap<>();
        for (T row : rows) {
            K k = key.apply(row);
            if (k == null) {
                throw new IllegalArgumentException("grouping key is null for row " + row);
            }
            groups.computeIfAbsent(k, x -> new DoubleList()).addAll(values.apply(row));
        }
        Map<K, LengthStats> out = new LinkedHashMap<>();
        for (Map.Entry<K, DoubleList> e : groups.entrySet()) {
            if (e.getValue().size == 0) {
                throw new IllegalArgumentException("group " + e.getKey() + " has no lengths");
            }
            out.put(e.getKey(), of(e.getValue().toArray()));
        }
        return out;
    }

    public int count() {
        return sorted.length;
    }

    public double mean() {
        return mean;
    }

    /**
     * Standard deviation with divisor {@code n - ddof}; NaN for {@link Dispersion#SAMPLE} of a single value
     * (numpy gives NaN there too).
     */
    public double sd(Dispersion dispersion) {
        return Math.sqrt(variance(dispersion));
    }

    /** Variance with divisor {@code n - ddof}. */
    public double variance(Dispersion dispersion) {
        int dof = sorted.length - dispersion.ddof();
        return dof > 0 ? sumSquaredDeviations / dof : Double.NaN;
    }

    /** Coefficient of variation, {@code sd / mean}; NaN when the mean is 0. */
    public double cv(Dispersion dispersion) {
        return mean == 0 ? Double.NaN : sd(dispersion) / mean;
    }

    public double min() {
        return sorted[0];
    }

    public double max() {
        return sorted[sorted.length - 1];
    }

    /** The {@code p}-quantile, {@code p} in [0, 1]. */
    public double quantile(double p, QuantileMethod method) {
        return method.of(sorted, p);
    }

    /** The {@code q}-th percentile, {@code q} in [0, 100], as {@code np.percentile(x, q, method=...)}. */
    public double percentile(double q, QuantileMethod method) {
        if (!(q >= 0 && q <= 100)) {
            throw new IllegalArgumentException("percentile must be in [0, 100], got " + q);
        }
        return method.of(sorted, q / 100);
    }

    /** The median (linear method). */
    public double median() {
        return quantile(0.5, QuantileMethod.LINEAR);
    }

    /** A copy of the sample, ascending. */
    public double[] sortedValues() {
        return sorted.clone();
    }

    @Override
    public String toString() {
        return String.format("LengthStats[n=%d, mean=%s, sd(pop)=%s, sd(sample)=%s, min=%s, median=%s, max=%s]",
                count(), mean, sd(Dispersion.POPULATION), sd(Dispersion.SAMPLE), min(), median(), max());
    }

    private static double compensatedSum(double[] values, double shift) {
        double sum = 0;
        double c = 0;
        for (double v : values) {
            double x = v - shift;
            double t = sum + x;
            c += Math.abs(sum) >= Math.abs(x) ? (sum - t) + x : (x - t) + sum;
            sum = t;
        }
        return sum + c;
    }

    private static double compensatedSquares(double[] values, double mean) {
        double sum = 0;
        double c = 0;
        for (double v : values) {
            double d = v - mean;
            double x = d * d;
            double t = sum + x;
            c += sum >= x ? (sum - t) + x : (x - t) + sum;
            sum = t;
        }
        return sum + c;
    }

    private static final class DoubleList {
        private double[] data = new double[16];
        private int size;

        void addAll(double[] values) {
            if (size + values.length > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, size + values.length));
            }
            System.arraycopy(values, 0, data, size, values.length);
            size += values.length;
        }

        double[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}
