package org.lmlab.training.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.ColumnType;
import org.lmlab.table.Table;

/**
 * A study's results ({@link PeStudy#COLUMNS}) reduced to one row per task and encoding, and the
 * encodings ranked as Kazemnejad et al. (2023) rank them: by accuracy beyond the trained sizes, per
 * task, then the mean reciprocal rank over tasks (their Figure 1 measure; the paper reports NoPE
 * first, then T5's relative bias, with ALiBi, RoPE and sinusoidal APE behind).
 *
 * <p>Accuracy at a set of sizes is the mean over sizes of the accuracy at each size (sizes weigh
 * the same whatever their example count), averaged over seeds. Ranks are competition ranks (equal
 * accuracy, equal rank: 1, 1, 3).
 */
public final class StudySummary {

    private StudySummary() {
    }

    /** Per task and encoding accumulated sums. */
    private static final class Cell {
        final Map<Long, double[]> bySeed = new LinkedHashMap<>(); // seed -> {in sum, in n, out sum, out n}

        void add(long seed, boolean in, double accuracy) {
            double[] s = bySeed.computeIfAbsent(seed, k -> new double[4]);
            s[in ? 0 : 2] += accuracy;
            s[in ? 1 : 3]++;
        }

        double mean(boolean in) {
            double sum = 0;
            int n = 0;
            for (double[] s : bySeed.values()) {
                if (s[in ? 1 : 3] > 0) {
                    sum += s[in ? 0 : 2] / s[in ? 1 : 3];
                    n++;
                }
            }
            return n == 0 ? Double.NaN : sum / n;
        }
    }

    /**
     * One row per task and encoding, in the order they first occur: {@code task, encoding, seeds,
     * in_distribution} (mean accuracy at trained sizes), {@code out_of_distribution} (beyond them; NaN
     * when the study tested no longer size), {@code rank} within the task by out-of-distribution
     * accuracy.
     *
     * @throws IllegalArgumentException when {@code results} lacks a study column
     */
    public static Table byTask(Table results, BufferAllocator allocator) {
        Map<String, Map<String, Cell>> cells = cells(results);
        List<Object> task = new ArrayList<>();
        List<Object> encoding = new ArrayList<>();
        List<Object> seeds = new ArrayList<>();
        List<Object> in = new ArrayList<>();
        List<Object> out = new ArrayList<>();
        List<Object> rank = new ArrayList<>();
        cells.forEach((t, byEncoding) -> {
            Map<String, Integer> ranks = ranks(byEncoding);
            byEncoding.forEach((e, c) -> {
                task.add(t);
                encoding.add(e);
                seeds.add((long) c.bySeed.size());
                in.add(c.mean(true));
                out.add(c.mean(false));
                rank.add((long) ranks.get(e));
            });
        });
        return Table.builder(allocator, results.source() + " by task")
                .column(ColumnSchema.of("task", ColumnType.UTF8), task)
                .column(ColumnSchema.of("encoding", ColumnType.UTF8), encoding)
                .column(ColumnSchema.of("seeds", ColumnType.INT64), seeds)
                .column(ColumnSchema.of("in_distribution", ColumnType.FLOAT64), in)
                .column(ColumnSchema.of("out_of_distribution", ColumnType.FLOAT64), out)
                .column(ColumnSchema.of("rank", ColumnType.INT64), rank)
                .build();
    }

    /**
     * One row per encoding, best first: {@code encoding, mean_reciprocal_rank} (over tasks),
     * {@code mean_rank}, {@code out_of_distribution} and {@code in_distribution} (means over tasks).
     */
    public static Table ranking(Table results, BufferAllocator allocator) {
        Map<String, Map<String, Cell>> cells = cells(results);
        Map<String, double[]> sums = new LinkedHashMap<>(); // encoding -> {1/rank, rank, out, in, tasks}
        cells.forEach((t, byEncoding) -> {
            Map<String, Integer> ranks = ranks(byEncoding);
            byEncoding.forEach((e, c) -> {
                double[] s = sums.computeIfAbsent(e, k -> new double[5]);
                s[0] += 1.0 / ranks.get(e);
                s[1] += ranks.get(e);
                s[2] += c.mean(false);
                s[3] += c.mean(true);
                s[4]++;
            });
        });
        List<Map.Entry<String, double[]>> order = new ArrayList<>(sums.entrySet());
        order.sort((a, b) -> Double.compare(b.getValue()[0] / b.getValue()[4], a.getValue()[0] / a.getValue()[4]));
        List<Object> encoding = new ArrayList<>();
        List<Object> mrr = new ArrayList<>();
        List<Object> meanRank = new ArrayList<>();
        List<Object> out = new ArrayList<>();
        List<Object> in = new ArrayList<>();
        for (Map.Entry<String, double[]> e : order) {
            double[] s = e.getValue();
            encoding.add(e.getKey());
            mrr.add(s[0] / s[4]);
            meanRank.add(s[1] / s[4]);
            out.add(s[2] / s[4]);
            in.add(s[3] / s[4]);
        }
        return Table.builder(allocator, results.source() + " ranking")
                .column(ColumnSchema.of("encoding", ColumnType.UTF8), encoding)
                .column(ColumnSchema.of("mean_reciprocal_rank", ColumnType.FLOAT64), mrr)
                .column(ColumnSchema.of("mean_rank", ColumnType.FLOAT64), meanRank)
                .column(ColumnSchema.of("out_of_distribution", ColumnType.FLOAT64), out)
                .column(ColumnSchema.of("in_distribution", ColumnType.FLOAT64), in)
                .build();
    }

    private static Map<String, Map<String, Cell>> cells(Table results) {
        for (String column : List.of("task", "encoding", "seed", "in_distribution", "accuracy")) {
            if (!results.columnNames().contains(column)) {
                throw new IllegalArgumentException("table '" + results.source() + "' has no " + column + " column: "
                        + "summarise the results of a positional-encoding study (%pe-study)");
            }
        }
        Map<String, Map<String, Cell>> cells = new LinkedHashMap<>();
        for (int r = 0; r < results.rowCount(); r++) {
            cells.computeIfAbsent(results.getString("task", r), k -> new LinkedHashMap<>())
                    .computeIfAbsent(results.getString("encoding", r), k -> new Cell())
                    .add(results.getLong("seed", r), results.getBoolean("in_distribution", r),
                            results.getDouble("accuracy", r));
        }
        return cells;
    }

    /** Competition ranks by out-of-distribution accuracy, highest first (NaN ranks last). */
    private static Map<String, Integer> ranks(Map<String, Cell> byEncoding) {
        Map<String, Integer> ranks = new LinkedHashMap<>();
        byEncoding.forEach((e, c) -> {
            double mine = score(c);
            int better = 0;
            for (Cell other : byEncoding.values()) {
                if (score(other) > mine) {
                    better++;
                }
            }
            ranks.put(e, better + 1);
        });
        return ranks;
    }

    private static double score(Cell c) {
        double v = c.mean(false);
        return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
    }
}
