package org.lmlab.scaling.bootstrap;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.lmlab.scaling.LawFit;
import org.lmlab.stats.Interval;
import org.lmlab.stats.Resampler;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.ColumnType;
import org.lmlab.table.Table;
import org.lmlab.table.TableBuilder;

/**
 * A finished bootstrap.
 *
 * @param full       the full-data fit (point estimates)
 * @param options    how it ran
 * @param quantities names of the bootstrapped quantities, in column order
 * @param values     one row per replicate, one column per quantity (NaN where undefined)
 * @param replicates the refits, in replicate order
 * @param intervals  one percentile interval per quantity
 * @param elapsed    wall-clock time
 * @param ranOn      where the refits ran, for the summary ({@code 4 threads}, {@code Spark local[2], 8 tasks})
 */
public record BootstrapResult(LawFit full, BootstrapOptions options, List<String> quantities, double[][] values,
                              List<Bootstrap.Replicate> replicates, List<Interval> intervals, Duration elapsed,
                              String ranOn) {

    public BootstrapResult {
        quantities = List.copyOf(quantities);
        values = values.clone();
        replicates = List.copyOf(replicates);
        intervals = List.copyOf(intervals);
    }

    /** A bootstrap whose refits ran on this machine's {@link BootstrapOptions#threads()} threads. */
    public BootstrapResult(LawFit full, BootstrapOptions options, List<String> quantities, double[][] values,
                           List<Bootstrap.Replicate> replicates, List<Interval> intervals, Duration elapsed) {
        this(full, options, quantities, values, replicates, intervals, elapsed, options.threads() + " threads");
    }

    /** The replicate values of {@code quantity}. */
    public double[] values(String quantity) {
        int k = column(quantity);
        double[] v = new double[values.length];
        for (int r = 0; r < v.length; r++) {
            v[r] = values[r][k];
        }
        return v;
    }

    public Interval interval(String quantity) {
        return intervals.get(column(quantity));
    }

    private int column(String quantity) {
        int k = quantities.indexOf(quantity);
        if (k < 0) {
            throw new IllegalArgumentException("no bootstrapped quantity '" + quantity + "'; one of " + quantities);
        }
        return k;
    }

    /**
     * The replicates as a table: {@code replicate}, {@code seed} (of its resample), one column per
     * quantity, {@code objective} and {@code best_start} (0 = the full-data optimum won).
     */
    public Table toTable(BufferAllocator allocator) {
        int rows = values.length;
        List<Integer> index = new ArrayList<>();
        List<Long> seeds = new ArrayList<>();
        List<Double> objective = new ArrayList<>();
        List<Integer> bestStart = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            index.add(r);
            seeds.add(Resampler.replicateSeed(options.seed(), r));
            objective.add(replicates.get(r).objective());
            bestStart.add(replicates.get(r).bestStart());
        }
        TableBuilder builder = Table.builder(allocator, "bootstrap of the " + full.law().name() + " fit")
                .column(ColumnSchema.of("replicate", ColumnType.INT32), index)
                .column(ColumnSchema.of("seed", ColumnType.INT64), seeds);
        for (String q : quantities) {
            builder.column(ColumnSchema.of(q, ColumnType.FLOAT64), boxed(values(q)));
        }
        return builder.column(ColumnSchema.of("objective", ColumnType.FLOAT64), objective)
                .column(ColumnSchema.of("best_start", ColumnType.INT32), bestStart)
                .build();
    }

    private static List<Double> boxed(double[] v) {
        return Arrays.stream(v).boxed().toList();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "bootstrap of the %s fit: %d replicates, seed %d, "
                + "%s, %d ms", full.law().name(), values.length, options.seed(), ranOn,
                elapsed.toMillis()));
        intervals.forEach(i -> s.append(System.lineSeparator()).append("  ").append(i));
        return s.toString();
    }
}
