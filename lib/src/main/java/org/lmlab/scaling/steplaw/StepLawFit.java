package org.lmlab.scaling.steplaw;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.lmlab.stats.Interval;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.ColumnType;
import org.lmlab.table.Table;

/**
 * A fitted Step Law.
 *
 * @param law       the fitted power laws
 * @param groups    the (N, D) groups' optima, ordered by N then D
 * @param options   how it was fitted
 * @param points    regression points used (groups, or near-best runs)
 * @param intervals percentile intervals of c, alpha, beta, d, gamma (empty without bootstrap)
 * @param runs      the runs fitted
 */
public record StepLawFit(StepLaw law, List<GroupOptimum> groups, StepLawOptions options, int points,
                         List<Interval> intervals, List<HparamRun> runs) {

    /** Quantity names, in interval order. */
    public static final List<String> QUANTITIES = List.of("c", "alpha", "beta", "d", "gamma");

    public StepLawFit {
        groups = List.copyOf(groups);
        intervals = List.copyOf(intervals);
        runs = List.copyOf(runs);
    }

    /** The runs of {@code group}. */
    public List<HparamRun> runsOf(GroupOptimum group) {
        return runs.stream().filter(r -> r.params() == group.params() && r.tokens() == group.tokens()).toList();
    }

    /**
     * The group with model size {@code params} and tokens {@code tokens}, each matched within 1 %
     * relative (so 2.1e8 finds 214663680).
     */
    public GroupOptimum group(double params, double tokens) {
        return groups.stream().filter(g -> Math.abs(g.params() / params - 1) < 0.01
                && Math.abs(g.tokens() / tokens - 1) < 0.01).findFirst().orElseThrow(
                        () -> new IllegalArgumentException(String.format(Locale.ROOT, "no group with N = %.4g "
                                + "and D = %.4g (within 1 %%); groups: %s", params, tokens, groups.stream()
                                .map(g -> String.format(Locale.ROOT, "%.4g/%.4g", g.params(), g.tokens()))
                                .toList())));
    }

    /** The interval of {@code c}, {@code alpha}, {@code beta}, {@code d} or {@code gamma}; null without bootstrap. */
    public Interval interval(String quantity) {
        int k = QUANTITIES.indexOf(quantity);
        if (k < 0) {
            throw new IllegalArgumentException("no quantity '" + quantity + "'; one of " + QUANTITIES);
        }
        return intervals.isEmpty() ? null : intervals.get(k);
    }

    /** The groups' optima as a table (one row per (N, D)). */
    public Table toTable(BufferAllocator allocator) {
        List<Double> n = new ArrayList<>();
        List<Double> d = new ArrayList<>();
        List<Integer> runs = new ArrayList<>();
        List<Integer> fitted = new ArrayList<>();
        List<Double> lr = new ArrayList<>();
        List<Double> batch = new ArrayList<>();
        List<Double> loss = new ArrayList<>();
        List<String> method = new ArrayList<>();
        List<Double> bestLr = new ArrayList<>();
        List<Double> bestBatch = new ArrayList<>();
        List<Double> bestLoss = new ArrayList<>();
        List<Double> lawLr = new ArrayList<>();
        List<Double> lawBatch = new ArrayList<>();
        for (GroupOptimum g : groups) {
            n.add(g.params());
            d.add(g.tokens());
            runs.add(g.runs());
            fitted.add(g.fitted());
            lr.add(g.lr());
            batch.add(g.batch());
            loss.add(g.loss());
            method.add(g.method() == GroupOptimum.Method.SURFACE ? "surface" : "grid: " + g.note());
            bestLr.add(g.best().lr());
            bestBatch.add(g.best().batch());
            bestLoss.add(g.best().loss());
            lawLr.add(law.learningRate(g.params(), g.tokens()));
            lawBatch.add(law.batchTokens(g.tokens()));
        }
        return Table.builder(allocator, "Step Law optima per (N, D)")
                .column(ColumnSchema.of("N", ColumnType.FLOAT64), n)
                .column(ColumnSchema.of("D", ColumnType.FLOAT64), d)
                .column(ColumnSchema.of("runs", ColumnType.INT32), runs)
                .column(ColumnSchema.of("fitted", ColumnType.INT32), fitted)
                .column(ColumnSchema.of("lr_opt", ColumnType.FLOAT64), lr)
                .column(ColumnSchema.of("batch_opt", ColumnType.FLOAT64), batch)
                .column(ColumnSchema.of("loss_opt", ColumnType.FLOAT64), loss)
                .column(ColumnSchema.of("method", ColumnType.UTF8), method)
                .column(ColumnSchema.of("best_lr", ColumnType.FLOAT64), bestLr)
                .column(ColumnSchema.of("best_batch", ColumnType.FLOAT64), bestBatch)
                .column(ColumnSchema.of("best_loss", ColumnType.FLOAT64), bestLoss)
                .column(ColumnSchema.of("law_lr", ColumnType.FLOAT64), lawLr)
                .column(ColumnSchema.of("law_batch", ColumnType.FLOAT64), lawBatch)
                .build();
    }

    @Override
    public String toString() {
        long surface = groups.stream().filter(g -> g.method() == GroupOptimum.Method.SURFACE).count();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "Step Law fit: %s%n  %d groups (%d surface "
                + "optima, %d grid), regressed on %d %s", law.formula(), groups.size(), surface,
                groups.size() - surface, points, options.points() == StepLawOptions.Points.OPTIMA ? "group optima"
                        : "near-best runs (within " + options.tolerance() + ")"));
        intervals.forEach(i -> s.append(System.lineSeparator()).append("  ").append(i));
        return s.toString();
    }
}
