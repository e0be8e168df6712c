package org.lmlab.lengths.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.lmlab.progress.Cancellation;

/**
 * Maximum-likelihood fits of response lengths, location fixed at 0 (scipy's {@code fit(x, floc=0)}):
 * exponential and lognormal in closed form, gamma and Weibull by Newton's method on the shape, the negative
 * binomial by Newton on its profile score ({@link NegativeBinomialMle}) and the two-component lognormal mixture by
 * seeded multi-start EM ({@link LognormalMixtureEm}).
 */
public final class LengthFits {

    private LengthFits() {
    }

    /**
     * Fits {@code family} to {@code lengths}.
     *
     * @throws IllegalArgumentException if {@code lengths} is empty or holds a value that is not finite and
     *     positive (negative binomial: not a non-negative whole number)
     * @throws NoMaximumLikelihoodException (an {@code IllegalArgumentException}) where the MLE does not exist: all
     *     values equal, or a negative binomial on data whose variance does not exceed the mean
     */
    public static FittedDistribution fit(Family family, double... lengths) {
        double[] x = checked(family, lengths);
        if (family != Family.EXPONENTIAL && family != Family.NEGATIVE_BINOMIAL && allEqual(x)) {
            // Tested on the values, not on a rounded log-variance: equal lengths leave ~1e-32 of it, and the
            // Weibull shape then ran off to 1e253 instead of saying that no MLE exists.
            throw new NoMaximumLikelihoodException("cannot fit " + family + ": all lengths are equal");
        }
        double[] p;
        switch (family) {
            case NEGATIVE_BINOMIAL:
                p = NegativeBinomialMle.fit(x);
                break;
            case LOGNORMAL_MIXTURE:
                p = LognormalMixtureEm.fit(x, LognormalMixtureEm.SEED, LognormalMixtureEm.STARTS);
                break;
            case EXPONENTIAL:
                p = new double[] {mean(x)};
                break;
            case LOGNORMAL:
                p = lognormal(x);
                break;
            case GAMMA:
                p = gamma(x);
                break;
            case WEIBULL:
                p = weibull(x);
                break;
            default:
                throw new AssertionError(family);
        }
        return evaluate(family, p, x);
    }

    /** How {@link #fitAll} ranks the families. */
    public enum Criterion {
        AIC, BIC;

        double of(FittedDistribution f) {
            return this == AIC ? f.aic() : f.bic();
        }
    }

    /**
     * The continuous families and the lognormal mixture, best (lowest AIC) first; families whose MLE does not exist
     * for this sample are left out.
     */
    public static List<FittedDistribution> fitAll(double... lengths) {
        return fitAll(Criterion.AIC, false, lengths);
    }

    /**
     * Every family including the negative binomial (the lengths are counts), best (lowest AIC) first. The
     * negative binomial's log-likelihood sums log probabilities and the others' sum log densities at the same
     * integers, the usual convention when comparing a count model with continuous ones.
     */
    public static List<FittedDistribution> fitAll(int... lengths) {
        return fitAll(Criterion.AIC, true, toDoubles(lengths));
    }

    /** The families (with the negative binomial when {@code counts}), ranked by {@code criterion}. */
    public static List<FittedDistribution> fitAll(Criterion criterion, boolean counts, double... lengths) {
        List<FittedDistribution> out = new ArrayList<>();
        for (Family f : Family.values()) {
            if (f.isDiscrete() && !counts) {
                continue;
            }
            try {
                out.add(fit(f, lengths));
            } catch (NoMaximumLikelihoodException e) {
                // no finite MLE for this family on this sample: not a candidate
            }
        }
        out.sort(Comparator.comparingDouble(criterion::of));
        return out;
    }

    /**
     * Fits each of {@code families} (empty: every family) to one group, never throwing for the group's data: a
     * family that does not apply (zeros for a positive family, fractions for the negative binomial, equal values,
     * no finite MLE) is {@link FitOutcome.Status#SKIPPED skipped} with the reason, and one whose fit fails (a
     * negative or non-finite length, no convergence) is {@link FitOutcome.Status#FAILED failed} with the reason.
     * Fitted families come first, ranked by {@code criterion}, then the others in {@code families} order.
     * Checks {@link Cancellation} between families.
     */
    public static List<FitOutcome> fitGroup(Criterion criterion, List<Family> families, double... lengths) {
        List<Family> wanted = families == null || families.isEmpty() ? List.of(Family.values())
                : families.stream().distinct().toList();
        List<FitOutcome> fitted = new ArrayList<>();
        List<FitOutcome> others = new ArrayList<>();
        for (Family f : wanted) {
            Cancellation.check();
            String reason = notApplicable(f, lengths);
            if (reason != null) {
                others.add(FitOutcome.skipped(f, reason));
                continue;
            }
            try {
                fitted.add(FitOutcome.fitted(fit(f, lengths)));
            } catch (NoMaximumLikelihoodException e) {
                others.add(FitOutcome.skipped(f, e.getMessage()));
            } catch (IllegalArgumentException | ArithmeticException e) {
                others.add(FitOutcome.failed(f, e.getMessage()));
            }
        }
        fitted.sort(Comparator.comparingDouble(o -> criterion.of(o.fit())));
        fitted.addAll(others);
        return fitted;
    }

    /**
     * Why {@code family} does not apply to valid lengths (zeros for the positive families, fractions for the
     * negative binomial); null when it does or when a value is invalid anyway (negative, NaN), which
     * {@link #fit} reports as an error.
     */
    static String notApplicable(Family family, double[] lengths) {
        int zeros = 0;
        int fraction = -1;
        for (int i = 0; i < lengths.length; i++) {
            double v = lengths[i];
            if (!(v >= 0) || Double.isInfinite(v)) {
                return null;
            }
            zeros += v == 0 ? 1 : 0;
            if (fraction < 0 && v != Math.rint(v)) {
                fraction = i;
            }
        }
        if (family.isDiscrete()) {
            return fraction < 0 ? null : "lengths are not whole numbers (index " + fraction + ": "
                    + lengths[fraction] + "); " + family + " models counts";
        }
        return zeros == 0 ? null : zeros + " of " + lengths.length + " lengths are 0; " + family
                + " needs positive lengths";
    }

    private static boolean allEqual(double[] x) {
        for (double v : x) {
            if (v != x[0]) {
                return false;
            }
        }
        return true;
    }

    static double[] toDoubles(int[] lengths) {
        double[] x = new double[lengths.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = lengths[i];
        }
        return x;
    }

    /**
     * {@code family} with the given parameters, scored on {@code lengths} (log-likelihood, KS); useful to
     * compare with parameters fitted elsewhere.
     */
    public static FittedDistribution evaluate(Family family, double[] parameters, double... lengths) {
        double[] x = checked(family, lengths);
        for (double v : parameters) {
            if (!(v > 0 && Double.isFinite(v))) {
                throw new IllegalArgumentException(family + " parameters must be finite and positive, got "
                        + Arrays.toString(parameters));
            }
        }
        if ((family == Family.NEGATIVE_BINOMIAL && !(parameters.length == 2 && parameters[1] < 1))
                || (family == Family.LOGNORMAL_MIXTURE && !(parameters.length == 5 && parameters[0] < 1))) {
            throw new IllegalArgumentException(family + ": the probability parameter must lie in (0, 1), got "
                    + Arrays.toString(parameters));
        }
        double ll = 0;
        for (double v : x) {
            ll += FittedDistribution.logPdf(family, parameters, v);
        }
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double d = 0;
        for (int i = 0; i < n; i++) {
            double f = FittedDistribution.cdf(family, parameters, sorted[i]);
            d = Math.max(d, Math.max((i + 1.0) / n - f, f - (double) i / n));
        }
        return new FittedDistribution(family, parameters, n, ll, d);
    }

    private static double[] checked(Family family, double[] lengths) {
        if (lengths.length == 0) {
            throw new IllegalArgumentException("cannot fit " + family + " to an empty group of lengths");
        }
        for (int i = 0; i < lengths.length; i++) {
            if (family.isDiscrete()) {
                if (!(lengths[i] >= 0) || lengths[i] != Math.rint(lengths[i]) || Double.isInfinite(lengths[i])) {
                    throw new IllegalArgumentException("cannot fit " + family + ": length at index " + i + " is "
                            + lengths[i] + "; counts must be non-negative whole numbers");
                }
                continue;
            }
            if (!(lengths[i] > 0) || !Double.isFinite(lengths[i])) {
                throw new IllegalArgumentException("cannot fit " + family + ": length at index " + i + " is "
                        + lengths[i] + "; lengths must be finite and positive");
            }
        }
        return lengths;
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static double[] lognormal(double[] x) {
        double[] logs = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            logs[i] = Math.log(x[i]);
        }
        double mu = mean(logs);
        double ss = 0;
        for (double l : logs) {
            ss += (l - mu) * (l - mu);
        }
        double s = Math.sqrt(ss / x.length);
        if (!(s > 0)) {
            throw new NoMaximumLikelihoodException("cannot fit LOGNORMAL: all lengths are equal");
        }
        return new double[] {s, Math.exp(mu)};
    }

    /**
     * Solves {@code sum(x^c ln x) / sum(x^c) - 1/c = mean(ln x)} for the Weibull shape by safeguarded Newton
     * (the left side increases with c), with powers taken relative to max(x) so none overflows; then
     * {@code scale = mean(x^c)^(1/c)}.
     */
    private static double[] weibull(double[] x) {
        int n = x.length;
        double[] logs = new double[n];
        double maxLog = Double.NEGATIVE_INFINITY;
        double meanLog = 0;
        for (int i = 0; i < n; i++) {
            logs[i] = Math.log(x[i]);
            maxLog = Math.max(maxLog, logs[i]);
            meanLog += logs[i];
        }
        meanLog /= n;
        double var = 0;
        for (double l : logs) {
            var += (l - meanLog) * (l - meanLog);
        }
        var /= n;
        if (!(var > 0)) {
            throw new NoMaximumLikelihoodException("cannot fit WEIBULL: all lengths are equal");
        }
        double c = 1.2825 / Math.sqrt(var); // Gumbel moment estimate for log x
        double lo = 0;
        double hi = Double.POSITIVE_INFINITY;
        for (int iter = 0; iter < 200; iter++) {
            double b = 0;
            double a = 0;
            double cc = 0;
            for (double l : logs) {
                double w = Math.exp(c * (l - maxLog));
                double d = l - maxLog;
                b += w;
                a += w * d;
                cc += w * d * d;
            }
            double ratio = a / b;
            double g = ratio + maxLog - 1 / c - meanLog;
            if (g > 0) {
                hi = c;
            } else {
                lo = c;
            }
            double dg = cc / b - ratio * ratio + 1 / (c * c);
            double next = c - g / dg;
            if (!(next > lo && next < hi)) {
                next = Double.isInfinite(hi) ? 2 * c : (lo + hi) / 2;
            }
            if (Math.abs(next - c) <= 1e-14 * c) {
                c = next;
                double s = 0;
                for (double l : logs) {
                    s += Math.exp(c * (l - maxLog));
                }
                return new double[] {c, Math.exp(maxLog + Math.log(s / n) / c)};
            }
            c = next;
        }
        throw new ArithmeticException("Weibull shape did not converge (last c=" + c + ")");
    }

    /** Solves {@code ln a - ψ(a) = ln(mean) - mean(ln x)} by Newton from Minka's starting value. */
    private static double[] gamma(double[] x) {
        double m = mean(x);
        // s = ln(mean) - mean(ln x) as -mean(ln(1 + (x - mean)/mean)): differencing two logs loses most digits
        // when the lengths are nearly equal (s ~ 1e-8), and the shape a ~ 1/(2s) with them.
        double s = 0;
        for (double v : x) {
            s -= Math.log1p((v - m) / m);
        }
        s /= x.length;
        if (!(s > 1e-15)) {
            throw new NoMaximumLikelihoodException("cannot fit GAMMA: all lengths are equal");
        }
        double a = (3 - s + Math.sqrt((s - 3) * (s - 3) + 24 * s)) / (12 * s);
        for (int i = 0; i < 100; i++) {
            double f = Special.logMinusDigamma(a) - s;
            double df = 1 / a - Special.trigamma(a);
            double next = a - f / df;
            if (!(next > 0)) {
                next = a / 2;
            }
            if (Math.abs(next - a) <= 1e-14 * a) {
                a = next;
                return new double[] {a, m / a};
            }
            a = next;
        }
        throw new ArithmeticException("gamma shape did not converge (s=" + s + ", last a=" + a + ")");
    }
}
