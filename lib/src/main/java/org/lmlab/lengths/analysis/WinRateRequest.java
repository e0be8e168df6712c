package org.lmlab.lengths.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.lmlab.lengths.alpacaeval.Annotation;
import org.lmlab.lengths.winrate.ModelWinRates;
import org.lmlab.lengths.winrate.WinRate;
import org.lmlab.table.Table;
import org.lmlab.table.TableColumns;

/**
 * AlpacaEval win rates per model from a table of judge annotations, one row per (model,
 * instruction) ({@link ModelWinRates}): one row per model with n_total, win_rate, standard_error,
 * n_wins, n_wins_base, n_draws, discrete_win_rate, avg_length and, when asked for, lc_win_rate and
 * lc_C.
 *
 * @param model            the model column
 * @param preference       the judge preference column, in [1, 2]
 * @param length           the model output length column
 * @param baselineLength   the baseline output length column
 * @param instruction      the instruction index column
 * @param lengthControlled whether to fit the length-controlled win rate
 */
public record WinRateRequest(String model, String preference, String length, String baselineLength,
        String instruction, boolean lengthControlled) {

    /** AlpacaEval's column names, with the length-controlled win rate. */
    public static WinRateRequest defaults() {
        return new WinRateRequest("model", "preference", "output_chars", "baseline_chars", "instruction_index", true);
    }

    /**
     * The win rates of {@code annotations}, whose rows messages call {@code name: row N}.
     *
     * @throws IllegalArgumentException naming an unknown column, the row of a null or non-number cell, or a bad
     *     annotation
     */
    public Table run(Table annotations, String name, BufferAllocator allocator, String source) {
        for (String c : List.of(model, preference, length, baselineLength, instruction)) {
            annotations.type(c); // an unknown column fails here, with the table's columns, not as a row's
        }
        List<Annotation> all = new ArrayList<>(annotations.rowCount());
        for (int row = 0; row < annotations.rowCount(); row++) {
            all.add(new Annotation(TableColumns.text(annotations, model, row),
                    (int) TableColumns.number(annotations, instruction, row), "", TableColumns.number(annotations, preference, row),
                    (int) TableColumns.number(annotations, length, row), (int) TableColumns.number(annotations, baselineLength, row),
                    name + ": row " + row));
        }
        ResultRows result = new ResultRows(List.of("model"));
        for (ModelWinRates.Row m : ModelWinRates.of(all, lengthControlled)) {
            WinRate w = m.winRate();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("n_total", w.nTotal());
            row.put("win_rate", w.winRate());
            row.put("standard_error", w.standardError());
            row.put("n_wins", w.nWins());
            row.put("n_wins_base", w.nWinsBase());
            row.put("n_draws", w.nDraws());
            row.put("discrete_win_rate", w.discreteWinRate());
            row.put("avg_length", m.averageLength());
            if (m.lengthControlled() != null) {
                row.put("lc_win_rate", m.lengthControlled());
                row.put("lc_C", m.regularisation());
            }
            result.add(List.of(m.model()), row);
        }
        return result.build(allocator, source);
    }
}
