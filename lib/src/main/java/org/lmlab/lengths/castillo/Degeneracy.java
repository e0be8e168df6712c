package org.lmlab.lengths.castillo;

import org.lmlab.lengths.Dispersion;
import org.lmlab.lengths.LengthStats;

/**
 * CASTILLO's degeneracy rule ({@code scripts/sanitize_dataset.py} upstream): a prompt's samples are
 * degenerate (truncated at the generation cap, or looping) if the longest response reached 14,999
 * tokens, or if the population standard deviation exceeds twice the mean while the longest response
 * exceeds 8,499 tokens. The rule reads the stored, rounded mean and std; {@link #isDegenerate(int[])}
 * recomputes them and gives the same flag on every test row.
 *
 * <p>Upstream generated at most {@link #MAX_GENERATION_LENGTH} tokens. For samples drawn with another
 * cap ({@code %lengths sample --max-tokens M}) the two thresholds scale with it:
 * {@link #capFor(int) cap} = M − 1 and {@link #longFor(int) long} = round(M × 8,500 / 15,000) − 1
 * (rounded half up), which are 14,999 and 8,499 at M = 15,000.
 */
public final class Degeneracy {

    /** CASTILLO's {@code MAX_GENERATION_LENGTH}: most new tokens per response. */
    public static final int MAX_GENERATION_LENGTH = 15_000;
    /** Lengths at or above this hit {@code MAX_GENERATION_LENGTH} (15,000). */
    public static final int CAP = 14_999;
    /** The longest response must exceed this for the spread condition to count. */
    public static final int LONG = 8_499;

    private Degeneracy() {
    }

    /** The rule on a row's summary: maximum, mean and population SD. */
    public static boolean isDegenerate(double max, double mean, double populationSd) {
        return isDegenerate(max, mean, populationSd, CAP, LONG);
    }

    /** The rule on raw lengths. */
    public static boolean isDegenerate(int[] lengths) {
        return isDegenerate(lengths, MAX_GENERATION_LENGTH);
    }

    /**
     * The rule on raw lengths (CASTILLO's unit: {@code output_tokens}) of responses generated with
     * at most {@code maxTokens} new tokens, its thresholds scaled to that cap.
     */
    public static boolean isDegenerate(int[] lengths, int maxTokens) {
        LengthStats s = LengthStats.of(lengths);
        return isDegenerate(s.max(), s.mean(), s.sd(Dispersion.POPULATION), capFor(maxTokens), longFor(maxTokens));
    }

    /** The length at or above which a response counts as cut at the cap: {@code maxTokens − 1}. */
    public static int capFor(int maxTokens) {
        requirePositive(maxTokens);
        return maxTokens - 1;
    }

    /**
     * The longest response must exceed this for the spread condition: round(maxTokens × 8,500 / 15,000) − 1,
     * rounded half up.
     */
    public static int longFor(int maxTokens) {
        requirePositive(maxTokens);
        return (int) Math.round(maxTokens * (double) (LONG + 1) / MAX_GENERATION_LENGTH) - 1;
    }

    private static void requirePositive(int maxTokens) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("the generation cap must be at least 1 token, got " + maxTokens);
        }
    }

    private static boolean isDegenerate(double max, double mean, double populationSd, int cap, int longest) {
        return max >= cap || (populationSd > 2 * mean && max > longest);
    }
}
