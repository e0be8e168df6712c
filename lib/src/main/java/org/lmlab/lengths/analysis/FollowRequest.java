package org.lmlab.lengths.analysis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.lmlab.lengths.follow.LongWriterScore;
import org.lmlab.lengths.follow.PredictionErrors;
import org.lmlab.lengths.follow.RulerMatch;
import org.lmlab.table.Table;
import org.lmlab.table.RowGroups;
import org.lmlab.table.TableColumns;

/**
 * Length following per group of a table of targets and produced lengths: Ruler's Precise and
 * Flexible Match rates per target level ({@link RulerMatch}: one row per group and level with
 * level, n, precise_match, flexible_match), LongWriter's S_l ({@link LongWriterScore}: n,
 * length_score), or prediction errors ({@link PredictionErrors}: n, mae, within_k,
 * bucket_accuracy, bucket_accuracy_pm1, kendall_tau_b).
 *
 * @param target      the target column (Ruler: its label), required or predicted length
 * @param length      the produced length column
 * @param by          the key columns (empty: one group of every row)
 * @param mode        which measure
 * @param k           predict: the tolerance of within_k
 * @param bucketWidth predict: the width of the buckets
 */
public record FollowRequest(String target, String length, List<String> by, Mode mode, double k, double bucketWidth) {

    /** Ruler's match rates, LongWriter's score, or prediction errors. */
    public enum Mode { RULER, LONGWRITER, PREDICT }

    public FollowRequest {
        by = List.copyOf(by);
    }

    /**
     * The measure in each of {@code table}'s groups.
     *
     * @throws IllegalArgumentException naming the row of a null or non-number cell, or a bad length or label
     */
    public Table run(Table table, BufferAllocator allocator, String source) {
        ResultRows result = new ResultRows(by);
        for (RowGroups.Group g : RowGroups.of(table, by)) {
            double[] produced = TableColumns.numbers(table, length, g.rows());
            if (mode == Mode.RULER) {
                for (RulerMatch.LevelRate rate : RulerMatch.rates(TableColumns.texts(table, target, g.rows()), produced)) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("level", rate.level());
                    row.put("n", rate.n());
                    row.put("precise_match", rate.preciseMatch());
                    row.put("flexible_match", rate.flexibleMatch());
                    result.add(g.key(), row);
                }
                continue;
            }
            double[] wanted = TableColumns.numbers(table, target, g.rows());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("n", produced.length);
            if (mode == Mode.LONGWRITER) {
                row.put("length_score", LongWriterScore.mean(wanted, produced));
            } else {
                PredictionErrors errors = PredictionErrors.of(wanted, produced);
                row.put("mae", errors.mae());
                row.put("within_k", errors.withinTokens(k));
                row.put("bucket_accuracy", errors.bucketAccuracy(bucketWidth, 0));
                row.put("bucket_accuracy_pm1", errors.bucketAccuracy(bucketWidth, 1));
                row.put("kendall_tau_b", errors.kendallTauB());
            }
            result.add(g.key(), row);
        }
        return result.build(allocator, source);
    }
}
