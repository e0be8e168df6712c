package org.lmlab.scaling.compare;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.IntStream;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.LawFitter;
import org.lmlab.scaling.Run;
import org.lmlab.scaling.ScalingData;

/**
 * Leave-largest-out extrapolation: fit on all runs but the {@code k} with the largest compute
 * (C = 6ND, ties by row order), predict those k, and report the relative errors
 * {@code (L̂ − L)/L}: how well the law extrapolates to bigger runs, the question users ask.
 *
 * @param fit            the fit on the smaller runs
 * @param heldOutRows    rows of the held-out runs, largest compute last
 * @param observed       their losses
 * @param predicted      the fit's predictions
 * @param relativeErrors {@code (predicted − observed) / observed}
 */
public record Extrapolation(LawFit fit, int[] heldOutRows, double[] observed, double[] predicted,
                            double[] relativeErrors) {

    /** Fits {@code fitter}'s law on all but the k largest-compute runs of {@code data}. */
    public static Extrapolation leaveLargestOut(LawFitter fitter, ScalingData data, int k) {
        if (k < 1 || k >= data.size()) {
            throw new IllegalArgumentException("hold out between 1 and " + (data.size() - 1) + " runs, not " + k);
        }
        Integer[] order = IntStream.range(0, data.size()).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> flops(data.runs().get(i))));
        int[] train = Arrays.stream(order, 0, data.size() - k).mapToInt(Integer::intValue).sorted().toArray();
        int[] held = Arrays.stream(order, data.size() - k, data.size()).mapToInt(Integer::intValue).toArray();
        LawFit fit = fitter.fit(data.subset(train));
        double[] obs = new double[k];
        double[] pred = new double[k];
        double[] rel = new double[k];
        for (int j = 0; j < k; j++) {
            Run r = data.runs().get(held[j]);
            obs[j] = r.loss();
            pred[j] = fit.predict(r.params(), r.tokens(), data.unique(held[j]));
            rel[j] = (pred[j] - obs[j]) / obs[j];
        }
        return new Extrapolation(fit, held, obs, pred, rel);
    }

    /** Training rows: every row not held out, in order (for references). */
    public int[] trainingRows(int size) {
        boolean[] out = new boolean[size];
        for (int r : heldOutRows) {
            out[r] = true;
        }
        return IntStream.range(0, size).filter(i -> !out[i]).toArray();
    }

    public double meanAbsoluteRelativeError() {
        return Arrays.stream(relativeErrors).map(Math::abs).average().orElse(Double.NaN);
    }

    public double maxAbsoluteRelativeError() {
        return Arrays.stream(relativeErrors).map(Math::abs).max().orElse(Double.NaN);
    }

    private static double flops(Run r) {
        return 6 * r.params() * r.tokens();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s, %d largest-compute runs held out: mean |rel. error| %.3g%%, max %.3g%%",
                fit.law().name(), heldOutRows.length, 100 * meanAbsoluteRelativeError(), 100 * maxAbsoluteRelativeError());
    }
}
