package org.lmlab.scaling.steps;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lmlab.table.Table;
import org.lmlab.table.TableColumns;

/**
 * One training run's loss against optimiser steps, at model size N and batch size B (tokens per step).
 *
 * @param params model size N (non-embedding parameters in Kaplan et al.)
 * @param batch  batch size B in tokens
 * @param steps  optimiser steps, strictly increasing
 * @param loss   loss at each step
 */
public record LearningCurve(double params, double batch, double[] steps, double[] loss) {

    /** Column names of a table with one row per (run, step). */
    public record Columns(String params, String batch, String steps, String loss) {

        /** {@code params, batch, steps, loss}. */
        public static Columns defaults() {
            return new Columns("params", "batch", "steps", "loss");
        }
    }

    public LearningCurve {
        if (!(params > 0) || !(batch > 0) || !Double.isFinite(params) || !Double.isFinite(batch)) {
            throw new IllegalArgumentException("params and batch must be finite and > 0, got " + params + " and " + batch);
        }
        if (steps.length != loss.length || steps.length < 2) {
            throw new IllegalArgumentException("a learning curve needs at least 2 (step, loss) points of equal count, got "
                    + steps.length + " steps and " + loss.length + " losses (N=" + params + ", B=" + batch + ")");
        }
        steps = steps.clone();
        loss = loss.clone();
        for (int i = 0; i < steps.length; i++) {
            if (!(steps[i] > 0) || !(loss[i] > 0) || !Double.isFinite(steps[i]) || !Double.isFinite(loss[i])) {
                throw new IllegalArgumentException("steps and loss must be finite and > 0, got step " + steps[i]
                        + " loss " + loss[i] + " (N=" + params + ", B=" + batch + ")");
            }
            if (i > 0 && !(steps[i] > steps[i - 1])) {
                throw new IllegalArgumentException("steps must increase along a curve, got " + steps[i - 1] + " then "
                        + steps[i] + " (N=" + params + ", B=" + batch + ")");
            }
        }
    }

    @Override
    public double[] steps() {
        return steps.clone();
    }

    @Override
    public double[] loss() {
        return loss.clone();
    }

    /**
     * Steps at which the curve first reaches {@code target}: interpolated linearly in (log S, log L)
     * between the last point above and the first at or below; NaN when it never gets there or starts below.
     */
    public double stepsToReach(double target) {
        if (loss[0] <= target) {
            return Double.NaN;
        }
        for (int i = 1; i < loss.length; i++) {
            if (loss[i] <= target) {
                double w = Math.log(loss[i - 1] / target) / Math.log(loss[i - 1] / loss[i]);
                return Math.exp(Math.log(steps[i - 1]) + w * Math.log(steps[i] / steps[i - 1]));
            }
        }
        return Double.NaN;
    }

    /**
     * The curves of a table with one row per (run, step), grouped by (params, batch) in order of first
     * appearance, each sorted by steps.
     *
     * @throws IllegalArgumentException naming a missing column or the row and column of a bad value
     */
    public static List<LearningCurve> fromTable(Table table, Columns columns) {
        List<String> names = List.of(columns.params(), columns.batch(), columns.steps(), columns.loss());
        TableColumns.requireAll(table, null, names);
        Map<List<Double>, List<double[]>> runs = new LinkedHashMap<>();
        for (int row = 0; row < table.rowCount(); row++) {
            double[] v = new double[4];
            for (int k = 0; k < 4; k++) {
                Object o = table.get(names.get(k), row);
                if (!(o instanceof Number n) || !(n.doubleValue() > 0) || !Double.isFinite(n.doubleValue())) {
                    throw new IllegalArgumentException("row " + row + ": column '" + names.get(k)
                            + "' must be a finite number > 0, got " + o);
                }
                v[k] = n.doubleValue();
            }
            runs.computeIfAbsent(List.of(v[0], v[1]), k -> new ArrayList<>()).add(new double[] {v[2], v[3]});
        }
        List<LearningCurve> out = new ArrayList<>();
        runs.forEach((key, points) -> {
            points.sort(Comparator.comparingDouble(p -> p[0]));
            out.add(new LearningCurve(key.get(0), key.get(1), points.stream().mapToDouble(p -> p[0]).toArray(),
                    points.stream().mapToDouble(p -> p[1]).toArray()));
        });
        return out;
    }

    @Override
    public String toString() {
        return "LearningCurve[N=" + params + ", B=" + batch + ", " + steps.length + " points, steps " + steps[0] + ".."
                + steps[steps.length - 1] + ", loss " + Arrays.stream(loss).min().orElseThrow() + ".."
                + Arrays.stream(loss).max().orElseThrow() + "]";
    }
}
