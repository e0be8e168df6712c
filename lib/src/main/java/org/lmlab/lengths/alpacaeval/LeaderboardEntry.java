package org.lmlab.lengths.alpacaeval;

/**
 * One row of an AlpacaEval leaderboard CSV ({@code src/.../leaderboards/data_AlpacaEval_2/*.csv}); empty cells
 * are NaN (counts: -1).
 *
 * @param model the first, unnamed column: the {@code results/<model>/} name
 * @param winRate {@code win_rate}, percent
 * @param standardError {@code standard_error}, percent
 * @param nWins {@code n_wins}
 * @param nWinsBase {@code n_wins_base}
 * @param nDraws {@code n_draws}
 * @param nTotal {@code n_total}
 * @param discreteWinRate {@code discrete_win_rate}, percent
 * @param mode {@code mode} (minimal, verified, community, dev)
 * @param avgLength {@code avg_length}
 * @param lengthControlledWinRate {@code length_controlled_winrate}, percent
 * @param lcStandardError {@code lc_standard_error}, percent (often empty)
 * @param source {@code file:line}
 */
public record LeaderboardEntry(String model, double winRate, double standardError, int nWins, int nWinsBase,
        int nDraws, int nTotal, double discreteWinRate, String mode, int avgLength, double lengthControlledWinRate,
        double lcStandardError, String source) {
}
