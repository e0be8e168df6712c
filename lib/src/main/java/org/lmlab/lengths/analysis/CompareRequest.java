package org.lmlab.lengths.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.lmlab.lengths.bootstrap.StatisticBootstrap;
import org.lmlab.lengths.bootstrap.ModelComparison;
import org.lmlab.stats.Interval;
import org.lmlab.table.Table;
import org.lmlab.table.RowGroups;
import org.lmlab.table.TableColumns;

/**
 * A bootstrap interval for statistic(A) − statistic(B) between two models per group of a length
 * table ({@link ModelComparison}): one row per group with a, b, statistic, paired, n, difference,
 * low, high and standard_error. With pair columns, lengths are averaged per prompt and prompts are
 * resampled jointly. One {@link StatisticBootstrap} (one random stream) serves the groups in order.
 *
 * @param value      the length column
 * @param by         the key columns (empty: one group of every row)
 * @param model      the model column
 * @param a          the first model
 * @param b          the second model
 * @param pairBy     the columns that identify a prompt (empty: unpaired)
 * @param statistic  mean, median, sd or pNN ({@link StatisticBootstrap#statistic})
 * @param replicates resamples
 * @param seed       the random seed
 * @param level      the confidence level
 */
public record CompareRequest(String value, List<String> by, String model, String a, String b, List<String> pairBy,
        String statistic, int replicates, long seed, double level) {

    public CompareRequest {
        by = List.copyOf(by);
        pairBy = List.copyOf(pairBy);
    }

    /**
     * The comparison in each of {@code table}'s groups.
     *
     * @throws IllegalArgumentException naming the group when a model has no lengths in it, or a bad
     *     statistic, level or length
     */
    public Table run(Table table, BufferAllocator allocator, String source) {
        StatisticBootstrap boot = new StatisticBootstrap(replicates, seed);
        var stat = StatisticBootstrap.statistic(statistic);
        ResultRows result = new ResultRows(by);
        for (RowGroups.Group g : RowGroups.of(table, by)) {
            double[] lengths = TableColumns.numbers(table, value, g.rows());
            List<ModelComparison.Response> responses = new ArrayList<>(lengths.length);
            for (int i = 0; i < lengths.length; i++) {
                int row = g.rows().get(i);
                responses.add(new ModelComparison.Response(TableColumns.text(table, model, row), lengths[i],
                        pairBy.stream().map(c -> TableColumns.text(table, c, row)).toList()));
            }
            ModelComparison comparison;
            try {
                comparison = ModelComparison.of(responses, a, b, boot, stat, level);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("group " + g.label() + " (model column '" + model + "'): "
                        + e.getMessage(), e);
            }
            Interval ci = comparison.interval();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("a", a);
            row.put("b", b);
            row.put("statistic", statistic);
            row.put("paired", comparison.paired());
            row.put("n", comparison.n());
            row.put("difference", ci.estimate());
            row.put("low", ci.lower());
            row.put("high", ci.upper());
            row.put("standard_error", ci.standardError());
            result.add(g.key(), row);
        }
        return result.build(allocator, source);
    }
}
