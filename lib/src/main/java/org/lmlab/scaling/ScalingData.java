package org.lmlab.scaling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.lmlab.table.Table;
import org.lmlab.table.TableColumns;

/**
 * The runs a law is fitted to, plus (for the data-constrained law) the unique tokens U_D each run
 * saw; without them every token is unique ({@code U_D = D}).
 *
 * @param runs         the runs (params N, tokens D, loss L)
 * @param uniqueTokens unique tokens per run, each finite, &gt; 0 and &le; its tokens; null when all unique
 */
public record ScalingData(List<Run> runs, double[] uniqueTokens) {

    /** Column names of a table of runs; {@code uniqueTokens} may be null (all tokens unique). */
    public record Columns(String params, String tokens, String loss, String uniqueTokens) {

        /** {@code params, tokens, loss}, no unique-tokens column. */
        public static Columns defaults() {
            return new Columns("params", "tokens", "loss", null);
        }
    }

    public ScalingData {
        runs = Runs.checked(runs);
        if (uniqueTokens != null) {
            if (uniqueTokens.length != runs.size()) {
                throw new IllegalArgumentException("expected " + runs.size() + " unique-token counts, one per run, got "
                        + uniqueTokens.length);
            }
            uniqueTokens = uniqueTokens.clone();
            for (int i = 0; i < uniqueTokens.length; i++) {
                double u = uniqueTokens[i];
                if (!(u > 0) || Double.isInfinite(u) || u > runs.get(i).tokens()) {
                    throw new IllegalArgumentException("row " + i + ": unique tokens must be finite, > 0 and <= tokens ("
                            + runs.get(i).tokens() + "), got " + u);
                }
            }
        }
    }

    public static ScalingData of(List<Run> runs) {
        return new ScalingData(runs, null);
    }

    /**
     * Reads runs from a table's numeric columns.
     *
     * @throws IllegalArgumentException naming the missing column, or the row and column of a null,
     *                                  non-numeric or invalid (NaN, zero, negative) value
     */
    public static ScalingData fromTable(Table table, Columns columns) {
        TableColumns.requireAll(table, columns.params(), columns.tokens(), columns.loss(), columns.uniqueTokens());
        List<Run> runs = new ArrayList<>();
        double[] unique = columns.uniqueTokens() == null ? null : new double[table.rowCount()];
        for (int row = 0; row < table.rowCount(); row++) {
            double n = TableColumns.positive(table, columns.params(), row);
            double d = TableColumns.positive(table, columns.tokens(), row);
            double l = TableColumns.positive(table, columns.loss(), row);
            try {
                runs.add(new Run(n, d, l));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("row " + row + ": " + e.getMessage() + " (columns " + columns.params()
                        + ", " + columns.tokens() + ", " + columns.loss() + ")", e);
            }
            if (unique != null) {
                unique[row] = TableColumns.positive(table, columns.uniqueTokens(), row);
            }
        }
        try {
            return new ScalingData(runs, unique);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (column " + columns.uniqueTokens() + ")", e);
        }
    }

    public int size() {
        return runs.size();
    }

    /** Unique tokens of run i (its tokens when none were given). */
    public double unique(int i) {
        return uniqueTokens == null ? runs.get(i).tokens() : uniqueTokens[i];
    }

    @Override
    public double[] uniqueTokens() {
        return uniqueTokens == null ? null : uniqueTokens.clone();
    }

    /**
     * Drops the {@code k} highest-loss runs by the rule of {@link Runs#dropHighestLoss} (loss strictly
     * below the k-th highest), keeping unique tokens aligned.
     */
    public ScalingData dropHighestLoss(int k) {
        Set<Run> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        kept.addAll(Runs.dropHighestLoss(runs, k));
        return subset(IntStream.range(0, runs.size()).filter(i -> kept.contains(runs.get(i))).toArray());
    }

    /** The runs at {@code rows} (in that order). */
    public ScalingData subset(int[] rows) {
        List<Run> picked = new ArrayList<>(rows.length);
        double[] u = uniqueTokens == null ? null : new double[rows.length];
        for (int k = 0; k < rows.length; k++) {
            picked.add(runs.get(rows[k]));
            if (u != null) {
                u[k] = uniqueTokens[rows[k]];
            }
        }
        return new ScalingData(picked, u);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScalingData s && runs.equals(s.runs) && Arrays.equals(uniqueTokens, s.uniqueTokens);
    }

    @Override
    public int hashCode() {
        return 31 * runs.hashCode() + Arrays.hashCode(uniqueTokens);
    }

    @Override
    public String toString() {
        return "ScalingData[" + runs.size() + " runs" + (uniqueTokens == null ? "" : ", with unique tokens") + "]";
    }
}
