package org.lmlab.lengths.follow;

/**
 * A target length of Ruler's Target Length Generation task with its acceptance intervals, all half-open
 * {@code (low, high]} in words.
 *
 * @param label the target as Ruler writes it ("10", …, "700", "&gt;800")
 * @param level Ruler's level: 0 (10–80 words), 1 (150–500), 2 (700 and &gt;800)
 * @param preciseLow exclusive lower bound of a Precise Match
 * @param preciseHigh inclusive upper bound of a Precise Match (infinite for "&gt;800")
 * @param flexibleLow exclusive lower bound of a Flexible Match
 * @param flexibleHigh inclusive upper bound of a Flexible Match
 */
public record RulerTarget(String label, int level, double preciseLow, double preciseHigh, double flexibleLow,
        double flexibleHigh) {

    /** Whether {@code words} is a Precise Match. */
    public boolean precise(double words) {
        return words > preciseLow && words <= preciseHigh;
    }

    /** Whether {@code words} is a Flexible Match. */
    public boolean flexible(double words) {
        return words > flexibleLow && words <= flexibleHigh;
    }
}
