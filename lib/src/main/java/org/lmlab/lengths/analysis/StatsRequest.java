package org.lmlab.lengths.analysis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.lmlab.lengths.Dispersion;
import org.lmlab.lengths.LengthStats;
import org.lmlab.stats.QuantileMethod;
import org.lmlab.table.Table;
import org.lmlab.table.RowGroups;
import org.lmlab.table.TableColumns;

/**
 * Summary statistics per group of a length table: one row per group with its key columns, then
 * count, mean, sd, cv, min, {@code q<p>} per quantile level, max ({@link LengthStats}; a sample SD
 * of one length is NaN, as numpy's).
 *
 * <pre>{@code
 * Table stats = StatsRequest.of("length", List.of("model")).run(castillo, allocator, "stats");
 * }</pre>
 *
 * @param value      the length column
 * @param by         the key columns (empty: one group of every row)
 * @param dispersion the SD's divisor
 * @param quantiles  quantile levels in [0, 1]
 * @param method     the quantile method
 */
public record StatsRequest(String value, List<String> by, Dispersion dispersion, double[] quantiles,
        QuantileMethod method) {

    public StatsRequest {
        by = List.copyOf(by);
        quantiles = quantiles.clone();
    }

    /** Population SD and numpy's linear quartiles and 99th percentile, as {@code %lengths stats} by default. */
    public static StatsRequest of(String value, List<String> by) {
        return new StatsRequest(value, by, Dispersion.POPULATION, new double[] {0.25, 0.5, 0.75, 0.99},
                QuantileMethod.LINEAR);
    }

    @Override
    public double[] quantiles() {
        return quantiles.clone();
    }

    /**
     * The statistics of {@code table}'s groups.
     *
     * @throws IllegalArgumentException naming the row of a null or non-number length, or a bad quantile level
     */
    public Table run(Table table, BufferAllocator allocator, String source) {
        ResultRows result = new ResultRows(by);
        for (RowGroups.Group g : RowGroups.of(table, by)) {
            LengthStats s = LengthStats.of(TableColumns.numbers(table, value, g.rows()));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("count", s.count());
            row.put("mean", s.mean());
            row.put("sd", s.sd(dispersion));
            row.put("cv", s.cv(dispersion));
            row.put("min", s.min());
            for (double q : quantiles) {
                row.put("q" + q, s.quantile(q, method));
            }
            row.put("max", s.max());
            result.add(g.key(), row);
        }
        return result.build(allocator, source);
    }
}
