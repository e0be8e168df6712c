package org.lmlab.model.extrapolation.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.lmlab.model.extrapolation.passkey.Accuracy;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.ColumnType;
import org.lmlab.table.Table;

/**
 * Accuracy per method, length and depth of a retrieval sweep ({@link RetrievalTask}: one row per
 * trial with {@code method}, {@code length}, {@code depth}, {@code correct}): one row per
 * (method, length, depth), in the order they first occur (the sweep's cell order), with
 * {@code trials}, {@code correct}, {@code accuracy} and the 95% Wilson interval ({@link Accuracy#of})
 * {@code low} and {@code high}.
 *
 * <pre>{@code
 * Table acc = AccuracyTable.of(sweep, allocator);   // method, length, depth, trials, correct, accuracy, low, high
 * }</pre>
 */
public final class AccuracyTable {

    private AccuracyTable() {
    }

    private record Key(String method, long length, Double depth) {
    }

    /**
     * The summary of {@code results}.
     *
     * @throws IllegalArgumentException when a column is missing or a {@code correct} value is null
     */
    public static Table of(Table results, BufferAllocator allocator) {
        for (String column : List.of("method", "length", "depth", "correct")) {
            if (!results.columnNames().contains(column)) {
                throw new IllegalArgumentException("table '" + results.source() + "' has no " + column + " column: "
                        + "summarise the results of a passkey or needle sweep (columns method, length, depth, correct)");
            }
        }
        Map<Key, int[]> counts = new LinkedHashMap<>(); // {trials, correct}
        for (int r = 0; r < results.rowCount(); r++) {
            if (results.isNull("correct", r)) {
                throw new IllegalArgumentException("table '" + results.source() + "' row " + r + " has no correct value");
            }
            Key key = new Key(results.getString("method", r), results.getLong("length", r),
                    results.isNull("depth", r) ? null : results.getDouble("depth", r));
            int[] c = counts.computeIfAbsent(key, k -> new int[2]);
            c[0]++;
            c[1] += results.getBoolean("correct", r) ? 1 : 0;
        }
        List<Object> method = new ArrayList<>();
        List<Object> length = new ArrayList<>();
        List<Object> depth = new ArrayList<>();
        List<Object> trials = new ArrayList<>();
        List<Object> correct = new ArrayList<>();
        List<Object> accuracy = new ArrayList<>();
        List<Object> low = new ArrayList<>();
        List<Object> high = new ArrayList<>();
        counts.forEach((key, c) -> {
            Accuracy a = Accuracy.of(c[1], c[0]);
            method.add(key.method());
            length.add(key.length());
            depth.add(key.depth());
            trials.add((long) a.trials());
            correct.add((long) a.correct());
            accuracy.add(a.value());
            low.add(a.low());
            high.add(a.high());
        });
        return Table.builder(allocator, results.source() + " accuracy")
                .column(ColumnSchema.of("method", ColumnType.UTF8), method)
                .column(ColumnSchema.of("length", ColumnType.INT64), length)
                .column(ColumnSchema.of("depth", ColumnType.FLOAT64), depth)
                .column(ColumnSchema.of("trials", ColumnType.INT64), trials)
                .column(ColumnSchema.of("correct", ColumnType.INT64), correct)
                .column(ColumnSchema.of("accuracy", ColumnType.FLOAT64), accuracy)
                .column(ColumnSchema.of("low", ColumnType.FLOAT64), low)
                .column(ColumnSchema.of("high", ColumnType.FLOAT64), high)
                .build();
    }
}
