package org.lmlab.lengths.winrate;

/**
 * AlpacaEval's head-to-head summary of judge preferences (its {@code describe_head2head}): each preference
 * p in [1, 2] scores {@code p - 1} for the model (a draw, p = 1.5, scores ½), the win rate is the mean score × 100
 * and the standard error is pandas' {@code sem()} (sample SD, ddof 1, over √n) × 100.
 *
 * @param winRate mean(p − 1) × 100
 * @param standardError sd(p − 1, ddof 1) / √n × 100; NaN for n = 1, as pandas
 * @param nWins count of p − 1 &gt; ½
 * @param nWinsBase count of p − 1 &lt; ½
 * @param nDraws count of p = 1.5 exactly
 * @param nTotal number of preferences (NaN, i.e. missing annotations, are left out as AlpacaEval does)
 * @param discreteWinRate the win rate after rounding each preference to 1 or 2, an exact 1.5 staying a draw
 */
public record WinRate(double winRate, double standardError, int nWins, int nWinsBase, int nDraws, int nTotal,
        double discreteWinRate) {

    /**
     * The summary of {@code preferences}. AlpacaEval's legacy draw code 0 counts as 1.5; NaN (no annotation) is
     * skipped.
     *
     * @throws IllegalArgumentException naming the index for a preference outside [1, 2] (AlpacaEval drops those
     *     silently; here they are errors), or when no preference is left
     */
    public static WinRate of(double... preferences) {
        double[] score = new double[preferences.length];
        double[] discrete = new double[preferences.length];
        int n = 0;
        int wins = 0;
        int losses = 0;
        int draws = 0;
        for (int i = 0; i < preferences.length; i++) {
            double p = preferences[i] == 0 ? 1.5 : preferences[i];
            if (Double.isNaN(p)) {
                continue;
            }
            if (!(p >= 1 && p <= 2)) {
                throw new IllegalArgumentException("preference at index " + i + " is " + preferences[i]
                        + "; AlpacaEval preferences lie in [1, 2] (0 is a legacy draw)");
            }
            score[n] = p - 1;
            discrete[n] = p == 1.5 ? 0.5 : Math.rint(p) - 1;
            wins += score[n] > 0.5 ? 1 : 0;
            losses += score[n] < 0.5 ? 1 : 0;
            draws += p == 1.5 ? 1 : 0;
            n++;
        }
        if (n == 0) {
            throw new IllegalArgumentException("no preferences to summarise (empty, or all NaN)");
        }
        double mean = mean(score, n);
        double ss = 0;
        for (int i = 0; i < n; i++) {
            ss += (score[i] - mean) * (score[i] - mean);
        }
        double sem = n > 1 ? Math.sqrt(ss / (n - 1)) / Math.sqrt(n) : Double.NaN;
        return new WinRate(mean * 100, sem * 100, wins, losses, draws, n, mean(discrete, n) * 100);
    }

    /** Two-pass mean: the second pass adds back the rounding error of the first. */
    static double mean(double[] x, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += x[i];
        }
        double m = s / n;
        double c = 0;
        for (int i = 0; i < n; i++) {
            c += x[i] - m;
        }
        return m + c / n;
    }
}
