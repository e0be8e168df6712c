package org.lmlab.model.extrapolation.sweep.plot;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.lmlab.model.extrapolation.sweep.Sweep;
import org.lmlab.plot.Chart;
import org.lmlab.plot.internal.XYLayer;
import org.lmlab.plot.internal.XYSpec;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.ColumnType;
import org.lmlab.table.Table;
import org.lmlab.table.TableBuilder;

/**
 * Results tables shaped as sweeps write them (Sweep.LEADING, the task's columns, Sweep.TRAILING),
 * built row by row in the tests, so each test states its data and computes what the chart must
 * show from those rows by itself.
 */
final class SweepResultsFixture {

    /** One row: the common columns plus the task's values, in the task's column order. */
    record Row(String model, String method, long length, Double depth, Long seed, Object... values) {
    }

    private SweepResultsFixture() {
    }

    static final List<ColumnSchema> PPL = List.of(ColumnSchema.of("ppl", ColumnType.FLOAT64),
            ColumnSchema.of("mean_nll", ColumnType.FLOAT64), ColumnSchema.of("scored", ColumnType.INT64),
            ColumnSchema.of("window", ColumnType.INT64), ColumnSchema.of("stride", ColumnType.INT64));

    static final List<ColumnSchema> PPL_BUCKETS = List.of(ColumnSchema.of("ppl", ColumnType.FLOAT64),
            ColumnSchema.of("mean_nll", ColumnType.FLOAT64), ColumnSchema.of("scored", ColumnType.INT64),
            ColumnSchema.of("window", ColumnType.INT64), ColumnSchema.of("stride", ColumnType.INT64),
            ColumnSchema.of("position_bucket", ColumnType.INT64), ColumnSchema.of("position_nll", ColumnType.UTF8));

    static final List<ColumnSchema> PASSKEY = List.of(ColumnSchema.of("expected", ColumnType.UTF8),
            ColumnSchema.of("answer", ColumnType.UTF8), ColumnSchema.of("correct", ColumnType.BOOL),
            ColumnSchema.of("prompt_tokens", ColumnType.INT64));

    /** A ppl row: ppl, mean_nll = ln(ppl), scored = length - 1, window = stride = length. */
    static Row ppl(String model, String method, long length, double ppl) {
        return new Row(model, method, length, null, null, ppl, Math.log(ppl), length - 1, length, length);
    }

    /** A ppl row with a position curve of {@code bucket}-token buckets ({@code curve}: a JSON array). */
    static Row curve(String method, long length, long bucket, String curve) {
        return new Row("tiny", method, length, null, null, 10.0, Math.log(10.0), length - 1, length, length, bucket,
                curve);
    }

    /** A passkey trial. */
    static Row trial(String method, long length, double depth, long seed, boolean correct) {
        return new Row("tiny", method, length, depth, seed, "12345", correct ? "12345" : "54321", correct, length);
    }

    /** The plotted points of series {@code name} of a line chart. */
    static XYLayer layer(Chart chart, String name) {
        return ((XYSpec) chart.spec()).layers().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
    }

    static Table table(BufferAllocator allocator, List<ColumnSchema> task, List<Row> rows) {
        List<ColumnSchema> columns = new ArrayList<>(Sweep.LEADING);
        columns.addAll(task);
        columns.addAll(Sweep.TRAILING);
        TableBuilder b = Table.builder(allocator, "sweep test.jsonl");
        for (int c = 0; c < columns.size(); c++) {
            List<Object> cells = new ArrayList<>();
            for (Row r : rows) {
                cells.add(cell(r, c, task.size()));
            }
            b.column(columns.get(c), cells);
        }
        return b.build();
    }

    private static Object cell(Row r, int c, int taskColumns) {
        return switch (c) {
            case 0 -> r.model();
            case 1 -> r.method();
            case 2 -> r.method().contains(":") ? "factor=" + r.method().split(":")[1] : "";
            case 3 -> r.length();
            case 4 -> r.depth();
            case 5 -> r.seed();
            default -> {
                int i = c - 6;
                if (i < taskColumns) {
                    yield r.values()[i];
                }
                int extra = i - taskColumns;
                if (extra == 0) {
                    yield r.length(); // tokens
                }
                yield extra == 1 ? 1.5 : r.length() / 1.5; // seconds, tokens_per_s
            }
        };
    }
}
