package org.lmlab.plot.stats;

import java.util.Arrays;
import org.lmlab.stats.QuantileMethod;

/**
 * The numbers a box plot draws: quartiles by numpy's default (linear) method, Tukey whiskers at the
 * most extreme values within 1.5 IQR of the box, and the values beyond them.
 *
 * @param n            the sample size
 * @param q1           25th percentile
 * @param median       50th percentile
 * @param q3           75th percentile
 * @param whiskerLow   the smallest value at or above {@code q1 - 1.5 IQR}
 * @param whiskerHigh  the largest value at or below {@code q3 + 1.5 IQR}
 * @param outliers     values outside the whiskers, ascending
 */
public record BoxStats(int n, double q1, double median, double q3, double whiskerLow, double whiskerHigh,
                       double[] outliers) {

    /** The whisker reach in IQRs (Tukey's 1.5). */
    public static final double WHISKER_IQR = 1.5;

    public BoxStats {
        outliers = outliers.clone();
    }

    /** Box-plot statistics of finite {@code values}. */
    public static BoxStats of(double[] values) {
        double[] sorted = Values.sortedFinite(values, "box plot");
        double q1 = QuantileMethod.LINEAR.of(sorted, 0.25);
        double median = QuantileMethod.LINEAR.of(sorted, 0.5);
        double q3 = QuantileMethod.LINEAR.of(sorted, 0.75);
        double iqr = q3 - q1;
        double lowFence = q1 - WHISKER_IQR * iqr;
        double highFence = q3 + WHISKER_IQR * iqr;
        double low = q1;
        double high = q3;
        int outlierCount = 0;
        for (double v : sorted) {
            if (v < lowFence || v > highFence) {
                outlierCount++;
            }
        }
        double[] outliers = new double[outlierCount];
        int k = 0;
        boolean lowFound = false;
        for (double v : sorted) {
            if (v < lowFence || v > highFence) {
                outliers[k++] = v;
                continue;
            }
            if (!lowFound) {
                low = Math.min(v, q1);
                lowFound = true;
            }
            high = Math.max(v, q3);
        }
        return new BoxStats(sorted.length, q1, median, q3, low, high, outliers);
    }

    public double iqr() {
        return q3 - q1;
    }

    /** The lowest value drawn: the low whisker or the smallest outlier. */
    public double min() {
        return outliers.length > 0 ? Math.min(outliers[0], whiskerLow) : whiskerLow;
    }

    /** The highest value drawn: the high whisker or the largest outlier. */
    public double max() {
        return outliers.length > 0 ? Math.max(outliers[outliers.length - 1], whiskerHigh) : whiskerHigh;
    }

    @Override
    public double[] outliers() {
        return outliers.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BoxStats b && n == b.n && Double.compare(q1, b.q1) == 0
                && Double.compare(median, b.median) == 0 && Double.compare(q3, b.q3) == 0
                && Double.compare(whiskerLow, b.whiskerLow) == 0 && Double.compare(whiskerHigh, b.whiskerHigh) == 0
                && Arrays.equals(outliers, b.outliers);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new double[] {n, q1, median, q3, whiskerLow, whiskerHigh}) * 31
                + Arrays.hashCode(outliers);
    }

    @Override
    public String toString() {
        return "BoxStats[n=" + n + ", q1=" + q1 + ", median=" + median + ", q3=" + q3 + ", whiskers=["
                + whiskerLow + ", " + whiskerHigh + "], " + outliers.length + " outliers]";
    }
}
