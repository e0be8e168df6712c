package org.lmlab.model.extrapolation.passkey;

import java.util.Locale;

/**
 * The share of trials answered correctly, with a Wilson score interval (none of the passkey
 * reference repositories reports one). With few trials the interval is wide and honest: 3 of 3
 * correct is [0.44, 1.00] at 95%, so a 3-trial cell cannot tell 100% from 50%.
 *
 * <p>Wilson: with p̂ = correct / n and z the normal quantile,
 * centre = (p̂ + z²/2n) / (1 + z²/n) and half-width = z·√(p̂(1 − p̂)/n + z²/4n²) / (1 + z²/n),
 * clipped to [0, 1], exactly as statsmodels' {@code proportion_confint(method="wilson")} computes it.
 *
 * @param correct trials answered correctly
 * @param trials  trials run
 * @param low     lower end of the interval
 * @param high    upper end
 * @param level   confidence level (0.95 for {@link #of})
 */
public record Accuracy(int correct, int trials, double low, double high, double level) {

    /** The two-sided 95% normal quantile, Φ⁻¹(0.975) (scipy's {@code norm.isf(0.025)}). */
    public static final double Z95 = 1.9599639845400545;

    public Accuracy {
        if (trials < 1 || correct < 0 || correct > trials) {
            throw new IllegalArgumentException("need 0 <= correct <= trials and trials >= 1, got "
                    + correct + " of " + trials);
        }
    }

    /** {@code correct} of {@code trials} with its 95% Wilson interval. */
    public static Accuracy of(int correct, int trials) {
        return wilson(correct, trials, Z95, 0.95);
    }

    /**
     * {@code correct} of {@code trials} with the Wilson interval for the normal quantile {@code z}
     * (Φ⁻¹(1 − α/2) for level 1 − α: 1.6448536269514722 for 90%, 2.5758293035489004 for 99%).
     */
    public static Accuracy wilson(int correct, int trials, double z, double level) {
        if (trials < 1 || correct < 0 || correct > trials) {
            throw new IllegalArgumentException("need 0 <= correct <= trials and trials >= 1, got "
                    + correct + " of " + trials);
        }
        if (!(z > 0) || !(level > 0 && level < 1)) {
            throw new IllegalArgumentException("need z > 0 and a level in (0, 1), got z = " + z + ", level = " + level);
        }
        double n = trials;
        double p = correct / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
        return new Accuracy(correct, trials, clip(centre - half), clip(centre + half), level);
    }

    private static double clip(double x) {
        return Math.max(0, Math.min(1, x));
    }

    /** correct / trials. */
    public double value() {
        return (double) correct / trials;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d/%d = %.3f [%.3f, %.3f] (%.0f%% Wilson)", correct, trials, value(), low,
                high, 100 * level);
    }
}
