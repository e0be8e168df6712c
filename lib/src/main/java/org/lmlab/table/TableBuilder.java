package org.lmlab.table;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Builds a {@link Table} column by column from Java values; null elements are null cells.
 *
 * <pre>{@code
 * try (Table t = Table.builder(allocator, "losses")
 *         .int64("step", 100L, 200L, 300L)
 *         .float64("loss", 2.5, null, 1.75)
 *         .build()) { ... }
 * }</pre>
 *
 * Values are held on the heap until {@link #build()}, which copies them into Arrow memory; for
 * large or streamed data write cells with a {@link TableAppender} instead.
 */
public final class TableBuilder {

    private final BufferAllocator parent;
    private final String source;
    private final List<ColumnSchema> columns = new ArrayList<>();
    private final List<List<?>> values = new ArrayList<>();

    TableBuilder(BufferAllocator parent, String source) {
        this.parent = Objects.requireNonNull(parent, "parent");
        this.source = Objects.requireNonNull(source, "source");
    }

    public TableBuilder int32(String name, Integer... cells) {
        return column(ColumnSchema.of(name, ColumnType.INT32), Arrays.asList(cells));
    }

    public TableBuilder int64(String name, Long... cells) {
        return column(ColumnSchema.of(name, ColumnType.INT64), Arrays.asList(cells));
    }

    public TableBuilder float32(String name, Float... cells) {
        return column(ColumnSchema.of(name, ColumnType.FLOAT32), Arrays.asList(cells));
    }

    public TableBuilder float64(String name, Double... cells) {
        return column(ColumnSchema.of(name, ColumnType.FLOAT64), Arrays.asList(cells));
    }

    public TableBuilder bool(String name, Boolean... cells) {
        return column(ColumnSchema.of(name, ColumnType.BOOL), Arrays.asList(cells));
    }

    public TableBuilder utf8(String name, String... cells) {
        return column(ColumnSchema.of(name, ColumnType.UTF8), Arrays.asList(cells));
    }

    public TableBuilder date(String name, LocalDate... cells) {
        return column(ColumnSchema.of(name, ColumnType.DATE), Arrays.asList(cells));
    }

    /** A zone-less timestamp column (wall clock). */
    public TableBuilder timestamp(String name, LocalDateTime... cells) {
        return column(ColumnSchema.timestamp(name, null), Arrays.asList(cells));
    }

    /** A timestamp column in {@code timeZone}. */
    public TableBuilder timestamp(String name, String timeZone, Instant... cells) {
        return column(ColumnSchema.timestamp(name, Objects.requireNonNull(timeZone, "timeZone")), Arrays.asList(cells));
    }

    /**
     * Adds a column of any type; the values are those {@link TableAppender#set} takes.
     *
     * @throws IllegalArgumentException when the name is taken
     */
    public TableBuilder column(ColumnSchema column, List<?> cells) {
        if (columns.stream().anyMatch(c -> c.name().equals(column.name()))) {
            throw new IllegalArgumentException("table '" + source + "' already has a column '" + column.name() + "'");
        }
        columns.add(column);
        values.add(new ArrayList<>(cells));
        return this;
    }

    /**
     * Copies the values into a new table.
     *
     * @throws IllegalArgumentException when columns differ in length or a value has the wrong type
     */
    public Table build() {
        int rows = values.isEmpty() ? 0 : values.get(0).size();
        for (int c = 1; c < values.size(); c++) {
            if (values.get(c).size() != rows) {
                throw new IllegalArgumentException("table '" + source + "': column '" + columns.get(c).name() + "' has "
                        + values.get(c).size() + " values but '" + columns.get(0).name() + "' has " + rows);
            }
        }
        try (TableAppender appender = new TableAppender(parent, source, new TableSchema(columns))) {
            for (int c = 0; c < columns.size(); c++) {
                List<?> cells = values.get(c);
                for (int r = 0; r < rows; r++) {
                    appender.set(c, r, cells.get(r));
                }
            }
            return appender.finish(rows);
        }
    }
}
