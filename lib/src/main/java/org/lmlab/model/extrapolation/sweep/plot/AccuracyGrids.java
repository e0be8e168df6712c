package org.lmlab.model.extrapolation.sweep.plot;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.lmlab.plot.Chart;
import org.lmlab.plot.GridBuilder;
import org.lmlab.plot.Plot;
import org.lmlab.plot.internal.NumberLabels;
import org.lmlab.table.Table;

/**
 * Passkey or needle accuracy as a length × depth heat map per method, side by side, from a sweep
 * with one row per trial: each cell is the share of its trials scored {@code correct}, written
 * "k/n" inside it, on a colour scale fixed to [0, 1] so panels compare. Depth 0 (the key at the
 * start of the prompt) is the top row, as in needle-in-a-haystack charts; cells a method did not
 * run stay empty. All panels share the lengths and depths of the methods drawn.
 *
 * <pre>{@code
 * Chart c = AccuracyGrids.of(results).methods(List.of("none", "yarn:4")).trainedContext(8192).build();
 * }</pre>
 */
public final class AccuracyGrids extends SweepChart<AccuracyGrids> {

    /** Size of each method's panel in CSS pixels (the colour bar takes 90 of the width). */
    public static final int PANEL_WIDTH = 420;
    public static final int PANEL_HEIGHT = 300;

    private AccuracyGrids(Table table) {
        super(table);
    }

    /** A chart of {@code results}, a passkey or needle sweep's table (model, method, length, depth, correct). */
    public static AccuracyGrids of(Table results) {
        return new AccuracyGrids(results);
    }

    /** One method's trials: correct and run, by depth (index into the depths) and length. */
    record Counts(int[][] correct, int[][] trials) {
    }

    @Override
    public Chart build() {
        SweepTable t = SweepTable.of(table, "an accuracy heat map", List.of("model", "method", "length", "depth", "correct"));
        Map<String, List<Integer>> groups = t.byMethod(methods);
        TreeSet<Long> lengths = new TreeSet<>();
        TreeSet<Double> depths = new TreeSet<>();
        groups.values().forEach(rows -> rows.forEach(r -> {
            lengths.add(t.tokens("length", r));
            depths.add(depth(t, r));
        }));
        List<Long> xs = new ArrayList<>(lengths);
        List<Double> ys = new ArrayList<>(depths.descendingSet()); // row 0 is drawn at the bottom
        String[] xLabels = xs.stream().map(NumberLabels::binary).toArray(String[]::new);
        String[] yLabels = ys.stream().map(d -> BigDecimal.valueOf(d).stripTrailingZeros().toPlainString())
                .toArray(String[]::new);
        String task = table.columnNames().contains("needle") ? "Needle" : "Passkey";
        GridBuilder grid = Plot.grid().title(title(task + " accuracy by length and depth", t.model(groups.values())));
        String xLabel = "input length (tokens" + (trainedContext > 0 ? "; " + trainedLabel() : "") + ")";
        groups.forEach((label, rows) -> {
            Counts c = counts(t, rows, xs, ys);
            double[][] z = new double[ys.size()][xs.size()];
            String[][] text = new String[ys.size()][xs.size()];
            for (int d = 0; d < ys.size(); d++) {
                for (int l = 0; l < xs.size(); l++) {
                    int n = c.trials()[d][l];
                    z[d][l] = n == 0 ? Double.NaN : (double) c.correct()[d][l] / n;
                    text[d][l] = n == 0 ? null : c.correct()[d][l] + "/" + n;
                }
            }
            grid.add(Plot.heatmap().grid(xLabels, yLabels, z).range(0, 1).cellLabels(text).colorLabel("accuracy")
                    .title(label).x(xLabel).y("depth").size(PANEL_WIDTH, PANEL_HEIGHT).build());
        });
        return grid.build();
    }

    /** Trials and correct answers per cell of one method. */
    static Counts counts(SweepTable t, List<Integer> rows, List<Long> lengths, List<Double> depths) {
        int[][] correct = new int[depths.size()][lengths.size()];
        int[][] trials = new int[depths.size()][lengths.size()];
        for (int r : rows) {
            int d = depths.indexOf(depth(t, r));
            int l = lengths.indexOf(t.tokens("length", r));
            trials[d][l]++;
            if (t.outcome("correct", r)) {
                correct[d][l]++;
            }
        }
        return new Counts(correct, trials);
    }

    private static double depth(SweepTable t, int row) {
        double d = t.number("depth", row);
        if (Double.isNaN(d)) {
            throw new IllegalArgumentException("row " + row + " of table '" + t.name() + "' has no depth; a passkey or "
                    + "needle sweep gives every trial one");
        }
        return d;
    }
}
