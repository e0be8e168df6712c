package org.lmlab.table;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/** Deterministic tables with every column type, edge values and nulls in every column. */
public final class TableTestData {

    private TableTestData() {
    }

    /** {@code rows} rows; every column has nulls (every 7th row, offset per column) once rows ≥ 10. */
    public static Table allTypes(BufferAllocator allocator, int rows) {
        List<Object> i32 = new ArrayList<>();
        List<Object> i64 = new ArrayList<>();
        List<Object> f32 = new ArrayList<>();
        List<Object> f64 = new ArrayList<>();
        List<Object> bool = new ArrayList<>();
        List<Object> utf8 = new ArrayList<>();
        List<Object> date = new ArrayList<>();
        List<Object> ts = new ArrayList<>();
        List<Object> tz = new ArrayList<>();
        String[] words = {"alpha", "", "ünïcødé ✓", "with,comma", "with \"quote\"", "line\nbreak", "😀"};
        for (int r = 0; r < rows; r++) {
            i32.add(nullAt(r, 0) ? null : r % 11 == 0 ? Integer.MIN_VALUE : r * 7919 - 50_000);
            i64.add(nullAt(r, 1) ? null : r % 13 == 0 ? Long.MAX_VALUE : (long) r * 1_000_000_007L - 3);
            f32.add(nullAt(r, 2) ? null : r % 17 == 0 ? Float.NaN : r % 19 == 0 ? -0.0f : r / 3.0f);
            f64.add(nullAt(r, 3) ? null : r % 17 == 0 ? Double.NaN : r % 23 == 0 ? Double.NEGATIVE_INFINITY
                    : Math.pow(-1.1, r % 50) * 1e-3);
            bool.add(nullAt(r, 4) ? null : r % 3 == 0);
            utf8.add(nullAt(r, 5) ? null : words[r % words.length] + (r % 5 == 0 ? "" : r));
            date.add(nullAt(r, 6) ? null : LocalDate.of(1960, 1, 1).plusDays(r * 37L));
            ts.add(nullAt(r, 0) ? null : LocalDateTime.of(1969, 12, 31, 23, 59).plusNanos(r * 1_234_567_000L));
            tz.add(nullAt(r, 1) ? null : Instant.parse("2024-03-10T01:30:00Z").plusNanos(r * 987_654_000L));
        }
        return Table.builder(allocator, "all-types")
                .column(ColumnSchema.of("i32", ColumnType.INT32), i32)
                .column(ColumnSchema.of("i64", ColumnType.INT64), i64)
                .column(ColumnSchema.of("f32", ColumnType.FLOAT32), f32)
                .column(ColumnSchema.of("f64", ColumnType.FLOAT64), f64)
                .column(ColumnSchema.of("bool", ColumnType.BOOL), bool)
                .column(ColumnSchema.of("utf8", ColumnType.UTF8), utf8)
                .column(ColumnSchema.of("date", ColumnType.DATE), date)
                .column(ColumnSchema.timestamp("ts", null), ts)
                .column(ColumnSchema.timestamp("tz", "UTC"), tz)
                .build();
    }

    private static boolean nullAt(int row, int column) {
        return row % 7 == column % 7 && row >= 3;
    }
}
