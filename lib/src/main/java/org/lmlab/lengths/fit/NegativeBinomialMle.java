package org.lmlab.lengths.fit;

import java.util.Arrays;
import org.lmlab.lengths.Dispersion;
import org.lmlab.lengths.LengthStats;

/**
 * Negative binomial MLE. For a fixed shape r the likelihood is maximised by {@code p = r / (r + mean)}, so only the
 * profile score {@code S(r) = Σ ψ(kᵢ + r) − N ψ(r) + N ln(r / (r + mean))} has to be solved; it is positive for
 * small r and, when the sample variance exceeds the mean, crosses zero once. Solved by Newton in ln r inside a
 * bracket, over the distinct counts (lengths repeat a lot).
 */
final class NegativeBinomialMle {

    private NegativeBinomialMle() {
    }

    /** {n, p} in scipy's {@code nbinom} parameterisation; counts must already be checked. */
    static double[] fit(double[] counts) {
        double[] sorted = counts.clone();
        Arrays.sort(sorted);
        int distinct = 0;
        double[] value = new double[sorted.length];
        double[] weight = new double[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            if (distinct > 0 && value[distinct - 1] == sorted[i]) {
                weight[distinct - 1]++;
            } else {
                value[distinct] = sorted[i];
                weight[distinct++] = 1;
            }
        }
        int n = sorted.length;
        LengthStats stats = LengthStats.of(sorted);
        double mean = stats.mean();
        double var = stats.variance(Dispersion.POPULATION);
        if (!(var > mean)) {
            throw new NoMaximumLikelihoodException("cannot fit NEGATIVE_BINOMIAL: the lengths are not overdispersed "
                    + "(variance " + var + " <= mean " + mean + "), so the likelihood grows towards the Poisson limit");
        }
        Profile s = new Profile(value, weight, distinct, n, mean);
        double r = mean * mean / (var - mean);
        double lo = r;
        while (s.score(lo) <= 0) {
            lo /= 2;
        }
        double hi = r;
        while (s.score(hi) >= 0) {
            hi *= 2;
            if (hi > 1e15) {
                throw new NoMaximumLikelihoodException("cannot fit NEGATIVE_BINOMIAL: no finite shape maximises the "
                        + "likelihood (the data are barely overdispersed)");
            }
        }
        double u = Math.log(Math.min(Math.max(r, lo), hi));
        for (int iter = 0; iter < 200; iter++) {
            double rr = Math.exp(u);
            double g = s.score(rr);
            if (g > 0) {
                lo = rr;
            } else {
                hi = rr;
            }
            double next = u - g / (rr * s.slope(rr));
            if (!(next > Math.log(lo) && next < Math.log(hi))) {
                next = 0.5 * (Math.log(lo) + Math.log(hi));
            }
            if (Math.abs(next - u) < 1e-14 || hi / lo - 1 < 1e-15) {
                rr = Math.exp(next);
                return new double[] {rr, rr / (rr + mean)};
            }
            u = next;
        }
        throw new ArithmeticException("negative binomial shape did not converge (bracket " + lo + ", " + hi + ")");
    }

    /** The profile score and its derivative in r. */
    private record Profile(double[] value, double[] weight, int distinct, int n, double mean) {
        double score(double r) {
            double s = 0;
            for (int j = 0; j < distinct; j++) {
                s += weight[j] * Special.digamma(value[j] + r);
            }
            return s - n * Special.digamma(r) + n * Math.log(r / (r + mean));
        }

        double slope(double r) {
            double s = 0;
            for (int j = 0; j < distinct; j++) {
                s += weight[j] * Special.trigamma(value[j] + r);
            }
            return s - n * Special.trigamma(r) + n * mean / (r * (r + mean));
        }
    }
}
