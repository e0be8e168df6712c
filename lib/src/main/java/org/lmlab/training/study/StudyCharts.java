package org.lmlab.training.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lmlab.plot.Chart;
import org.lmlab.plot.GridBuilder;
import org.lmlab.plot.Plot;
import org.lmlab.plot.XYBuilder;
import org.lmlab.table.Table;

/**
 * Accuracy against test size, one line per encoding, one panel per task, with the longest trained
 * size marked: the figure style of Kazemnejad et al. (2023). A line is the mean over seeds at each
 * size.
 *
 * <pre>{@code
 * Chart c = StudyCharts.accuracyByLength(results);
 * }</pre>
 */
public final class StudyCharts {

    private StudyCharts() {
    }

    /**
     * The figure of a study's results ({@link PeStudy#COLUMNS}).
     *
     * @throws IllegalArgumentException when the table lacks a study column or has no rows
     */
    public static Chart accuracyByLength(Table results) {
        for (String column : List.of("task", "encoding", "length", "in_distribution", "accuracy")) {
            if (!results.columnNames().contains(column)) {
                throw new IllegalArgumentException("table '" + results.source() + "' has no " + column + " column: plot "
                        + "the results of a positional-encoding study (%pe-study)");
            }
        }
        if (results.rowCount() == 0) {
            throw new IllegalArgumentException("table '" + results.source() + "' has no rows to plot");
        }
        // task -> encoding -> length -> {sum, n}; trained sizes per task
        Map<String, Map<String, TreeMap<Long, double[]>>> curves = new LinkedHashMap<>();
        Map<String, Long> trained = new LinkedHashMap<>();
        for (int r = 0; r < results.rowCount(); r++) {
            String task = results.getString("task", r);
            long length = results.getLong("length", r);
            double[] s = curves.computeIfAbsent(task, k -> new LinkedHashMap<>())
                    .computeIfAbsent(results.getString("encoding", r), k -> new TreeMap<>())
                    .computeIfAbsent(length, k -> new double[2]);
            s[0] += results.getDouble("accuracy", r);
            s[1]++;
            if (results.getBoolean("in_distribution", r)) {
                trained.merge(task, length, Math::max);
            }
        }
        List<Chart> panels = new ArrayList<>();
        curves.forEach((task, byEncoding) -> {
            XYBuilder chart = Plot.line().title(task).x("test size").y("exact-match accuracy").markers(true)
                    .size(520, 340);
            byEncoding.forEach((encoding, points) -> {
                double[] x = new double[points.size()];
                double[] y = new double[points.size()];
                int i = 0;
                for (Map.Entry<Long, double[]> e : points.entrySet()) {
                    x[i] = e.getKey();
                    y[i++] = e.getValue()[0] / e.getValue()[1];
                }
                chart.series(encoding, x, y);
            });
            Long last = trained.get(task);
            if (last != null) {
                chart.verticalLine(last + 0.5, "trained up to " + last);
            }
            panels.add(chart.build());
        });
        if (panels.size() == 1) {
            return panels.get(0);
        }
        GridBuilder grid = Plot.grid().title("Exact-match accuracy by test size").columns(Math.min(panels.size(), 2));
        panels.forEach(grid::add);
        return grid.build();
    }
}
