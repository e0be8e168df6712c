package org.lmlab.model.extrapolation.sweep;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lmlab.model.LanguageModel;
import org.lmlab.progress.Progress;
import org.lmlab.table.ColumnSchema;

/**
 * What a sweep measures in each cell: cells in, rows out. The {@link Sweep} runner owns the grid,
 * the memory check, the results file and the common columns (model, method, parameters, length,
 * depth, seed, tokens, seconds, tokens_per_s); a task adds its metric columns.
 */
public interface SweepTask {

    /** A short name for tables and messages ({@code ppl}, {@code passkey}). */
    String name();

    /**
     * Everything that decides the task's numbers besides the grid, as text: protocol options and
     * the data source (with a content hash). Part of the grid's fingerprint, so a resume with
     * another text or stride is refused.
     */
    String definition();

    /** The metric columns each row carries, in order (int64, float64, utf8 or bool). */
    List<ColumnSchema> columns();

    /**
     * Refuses, before any cell runs, a grid the task cannot serve on {@code model} (a text too short
     * for a length, a depth it cannot place), so bad input fails before anything is written.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    default void check(LanguageModel model, SweepGrid grid) {
    }

    /**
     * Positions the cell holds in the KV cache at once (for the memory check before it runs); by
     * default the cell's length.
     */
    default int cachePositions(SweepGrid.Cell cell) {
        return cell.length();
    }

    /**
     * Runs {@code cell} on {@code model}, a view of the loaded model under the cell's method.
     * Stops at {@link org.lmlab.progress.Cancellation#check()} when asked.
     *
     * @param progress a long cell reports the tokens it has scored here
     */
    Result run(LanguageModel model, SweepGrid.Cell cell, Progress progress);

    /**
     * One cell's outcome.
     *
     * @param values a value for each of {@link #columns()} (null allowed)
     * @param tokens tokens the cell processed (for tokens per second)
     */
    record Result(Map<String, Object> values, long tokens) {
        public Result {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }
    }
}
