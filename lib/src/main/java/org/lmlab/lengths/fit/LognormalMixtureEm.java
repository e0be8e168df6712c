package org.lmlab.lengths.fit;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.lmlab.lengths.Dispersion;
import org.lmlab.lengths.LengthStats;
import org.lmlab.progress.Cancellation;

/**
 * Two-component lognormal mixture by EM on {@code y = ln x} (a two-component Gaussian mixture there; the
 * Jacobian {@code −Σ ln x} turns its log-likelihood into that of x). The likelihood is unbounded when a component
 * collapses onto repeated values, so each M step adds {@link #VARIANCE_FLOOR} to the component variances, as
 * scikit-learn's {@code reg_covar} does; the result is the best of several seeded starts (the median split, then
 * random pairs of points as means).
 */
final class LognormalMixtureEm {

    /** Added to each log-scale variance in the M step (scikit-learn's default {@code reg_covar}). */
    static final double VARIANCE_FLOOR = 1e-6;
    static final int STARTS = 10;
    private static final double[] SPLITS = {0.5, 0.25, 0.75, 0.1, 0.9};
    static final long SEED = 20_240_601L;

    private static final int MAX_ITER = 5_000;

    private LognormalMixtureEm() {
    }

    /** {w, s1, scale1, s2, scale2} with scale1 &le; scale2; lengths must already be checked. */
    static double[] fit(double[] lengths, long seed, int starts) {
        int n = lengths.length;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = Math.log(lengths[i]);
        }
        double[] sorted = y.clone();
        Arrays.sort(sorted);
        if (sorted[0] == sorted[n - 1]) {
            throw new NoMaximumLikelihoodException("cannot fit LOGNORMAL_MIXTURE: all lengths are equal");
        }
        double var = LengthStats.of(y).variance(Dispersion.POPULATION);
        SplittableRandom random = new SplittableRandom(seed);
        double[] best = null;
        double bestLl = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < starts; s++) {
            Cancellation.check();
            double[] fitted = run(y, start(s, sorted, var, random));
            if (fitted != null && fitted[5] > bestLl) {
                bestLl = fitted[5];
                best = fitted;
            }
        }
        if (best == null) {
            throw new NoMaximumLikelihoodException("cannot fit LOGNORMAL_MIXTURE: every start lost a component");
        }
        boolean swap = best[1] > best[3];
        int a = swap ? 3 : 1;
        int b = swap ? 1 : 3;
        double w = swap ? 1 - best[0] : best[0];
        return new double[] {w, Math.sqrt(best[a + 1]), Math.exp(best[a]), Math.sqrt(best[b + 1]), Math.exp(best[b])};
    }

    /**
     * Start s: splits of the sorted logs at the 10/25/50/75/90% points (s = 0–4), a narrow component on the most
     * frequent value (s = 5) and on the largest value (s = 6: truncated or templated answers repeat one length;
     * such a spike is held only by the variance floor, and scikit-learn finds it too), then random pairs of points.
     */
    private static double[] start(int s, double[] sorted, double var, SplittableRandom random) {
        int n = sorted.length;
        if (s < SPLITS.length) {
            int cut = Math.min(Math.max((int) Math.round(SPLITS[s] * n), 1), n - 1);
            double[] lower = moments(sorted, 0, cut);
            double[] upper = moments(sorted, cut, n);
            return new double[] {(double) cut / n, lower[0], lower[1], upper[0], upper[1]};
        }
        if (s <= SPLITS.length + 1) {
            // s = 5: the most frequent value; s = 6: the largest (generations cut at the token limit repeat it)
            double at = sorted[n - 1];
            int run = 0;
            for (int i = 0, j; i < n; i = j) {
                for (j = i; j < n && sorted[j] == sorted[i]; j++) {
                    // run of equal values
                }
                if (s == SPLITS.length ? j - i > run : sorted[i] == at) {
                    run = j - i;
                    at = s == SPLITS.length ? sorted[i] : at;
                }
            }
            double w = Math.min(Math.max((double) run / n, 0.001), 0.99);
            return new double[] {w, at, var / 100 + VARIANCE_FLOOR, LengthStats.of(sorted).mean(), var};
        }
        return new double[] {0.5, sorted[random.nextInt(n)], var, sorted[random.nextInt(n)], var};
    }

    /** {mean, variance + floor} of sorted[from, to). */
    private static double[] moments(double[] sorted, int from, int to) {
        double m = 0;
        for (int i = from; i < to; i++) {
            m += sorted[i];
        }
        m /= to - from;
        double v = 0;
        for (int i = from; i < to; i++) {
            v += (sorted[i] - m) * (sorted[i] - m);
        }
        return new double[] {m, v / (to - from) + VARIANCE_FLOOR};
    }

    /**
     * EM from theta = {w, mu1, var1, mu2, var2} until the mean log-likelihood changes by under 1e-10 per step
     * (scikit-learn's criterion, with its tol); returns
     * {w, mu1, var1, mu2, var2, logL of y}, or null when a component empties.
     */
    private static double[] run(double[] y, double[] theta) {
        int n = y.length;
        double[] t = theta.clone();
        double previous = Double.NEGATIVE_INFINITY;
        double[] resp = new double[n];
        for (int iter = 0; iter < MAX_ITER; iter++) {
            double ll = 0;
            double la = Math.log(t[0]) - 0.5 * Math.log(2 * Math.PI * t[2]);
            double lb = Math.log1p(-t[0]) - 0.5 * Math.log(2 * Math.PI * t[4]);
            for (int i = 0; i < n; i++) {
                double a = la - (y[i] - t[1]) * (y[i] - t[1]) / (2 * t[2]);
                double b = lb - (y[i] - t[3]) * (y[i] - t[3]) / (2 * t[4]);
                double hi = Math.max(a, b);
                double lse = hi + Math.log1p(Math.exp(Math.min(a, b) - hi));
                resp[i] = Math.exp(a - lse);
                ll += lse;
            }
            if (Math.abs(ll - previous) <= 1e-10 * n) {
                return new double[] {t[0], t[1], t[2], t[3], t[4], ll};
            }
            previous = ll;
            double n1 = 0;
            double s1 = 0;
            double s2 = 0;
            for (int i = 0; i < n; i++) {
                n1 += resp[i];
                s1 += resp[i] * y[i];
                s2 += (1 - resp[i]) * y[i];
            }
            double n2 = n - n1;
            if (n1 < 1e-8 * n || n2 < 1e-8 * n) {
                return null;
            }
            double mu1 = s1 / n1;
            double mu2 = s2 / n2;
            double v1 = 0;
            double v2 = 0;
            for (int i = 0; i < n; i++) {
                v1 += resp[i] * (y[i] - mu1) * (y[i] - mu1);
                v2 += (1 - resp[i]) * (y[i] - mu2) * (y[i] - mu2);
            }
            t = new double[] {n1 / n, mu1, v1 / n1 + VARIANCE_FLOOR, mu2, v2 / n2 + VARIANCE_FLOOR};
        }
        return new double[] {t[0], t[1], t[2], t[3], t[4], previous};
    }
}
