package org.lmlab.lengths.castillo;

import org.lmlab.lengths.Dispersion;
import org.lmlab.lengths.LengthStats;

/**
 * CASTILLO's degeneracy rule ({@code scripts/sanitize_dataset.py} upstream): a prompt's samples are
 * degenerate (truncated at the generation cap, or looping) if the longest response reached 14,999
 * tokens, or if the population standard deviation exceeds twice the mean while the longest response
 * exceeds 8,499 tokens. The rule reads the stored, rounded mean and std; {@link #isDegenerate(int[])}
 * recomputes them and gives the same flag on every test row.
 */
public final class Degeneracy {

    /** Lengths at or above this hit {@code MAX_GENERATION_LENGTH} (15,000). */
    public static final int CAP = 14_999;
    /** The longest response must exceed this for the spread condition to count. */
    public static final int LONG = 8_499;

    private Degeneracy() {
    }

    /** The rule on a row's summary: maximum, mean and population SD. */
    public static boolean isDegenerate(double max, double mean, double populationSd) {
        return max >= CAP || (populationSd > 2 * mean && max > LONG);
    }

    /** The rule on raw lengths. */
    public static boolean isDegenerate(int[] lengths) {
        LengthStats s = LengthStats.of(lengths);
        return isDegenerate(s.max(), s.mean(), s.sd(Dispersion.POPULATION));
    }
}
