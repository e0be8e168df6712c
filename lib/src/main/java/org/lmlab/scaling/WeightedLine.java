package org.lmlab.scaling;

import java.util.Arrays;
import org.lmlab.progress.Progress;
import org.lmlab.stats.BootstrapEngine;
import org.lmlab.stats.Resampler;

/**
 * Ordinary least-squares line {@code y = slope·x + intercept} with optional integer row counts (a
 * bootstrap resample as weights), and a percentile-bootstrap of it. Used for the densing trend and
 * the critical-batch power law, both straight lines in log space.
 *
 * @param slope     fitted slope (NaN when x does not vary)
 * @param intercept fitted intercept
 * @param r2        coefficient of determination (1 when y does not vary)
 */
public record WeightedLine(double slope, double intercept, double r2) {

    /** Fits the line, row i counted {@code counts[i]} times (null: once each). */
    public static WeightedLine fit(double[] x, double[] y, double[] counts) {
        if (x.length != y.length || (counts != null && counts.length != x.length)) {
            throw new IllegalArgumentException("x, y and counts must have one entry per row, got " + x.length + ", "
                    + y.length + (counts == null ? "" : ", " + counts.length));
        }
        double w = 0;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            double c = counts == null ? 1 : counts[i];
            w += c;
            mx += c * x[i];
            my += c * y[i];
        }
        mx /= w;
        my /= w;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            double c = counts == null ? 1 : counts[i];
            sxx += c * (x[i] - mx) * (x[i] - mx);
            sxy += c * (x[i] - mx) * (y[i] - my);
            syy += c * (y[i] - my) * (y[i] - my);
        }
        if (sxx == 0) {
            return new WeightedLine(Double.NaN, Double.NaN, Double.NaN);
        }
        double slope = sxy / sxx;
        return new WeightedLine(slope, my - slope * mx, syy == 0 ? 1 : sxy * sxy / (sxx * syy));
    }

    /**
     * Refits the line on {@code replicates} resamples of the rows ({@link BootstrapEngine}'s per-replicate
     * scheme: replicate r's rows depend only on (seed, r)); resamples where x does not vary are dropped.
     *
     * @return the replicates' lines
     */
    public static WeightedLine[] bootstrap(double[] x, double[] y, int replicates, long seed) {
        if (replicates < 1) {
            throw new IllegalArgumentException("replicates must be >= 1, got " + replicates);
        }
        WeightedLine[] all = new WeightedLine[replicates];
        BootstrapEngine.perReplicate(replicates, seed, 1).forEach(x.length, Progress.NONE,
                (r, indices) -> all[r] = fit(x, y, Resampler.counts(indices, x.length)));
        WeightedLine[] out = new WeightedLine[replicates];
        int kept = 0;
        for (WeightedLine line : all) {
            if (!Double.isNaN(line.slope())) {
                out[kept++] = line;
            }
        }
        return Arrays.copyOf(out, kept);
    }
}
