package org.lmlab.table;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Writes cells into growing Arrow vectors of a fixed schema, then hands them to a {@link Table}.
 * Readers (CSV, JSON Lines, SQL results) and {@link TableBuilder} fill tables through it.
 *
 * <p>Cells are addressed by column index and row; vectors grow as needed, and rows never
 * written are null. Until {@link #finish} the appender owns its allocator: closing it
 * unfinished frees everything, so a reader that fails half-way leaves nothing behind.
 */
public final class TableAppender implements AutoCloseable {

    private final BufferAllocator allocator;
    private final VectorSchemaRoot root;
    private final TableSchema schema;
    private final FieldVector[] vectors;
    private boolean done;

    /**
     * @param parent allocator to make this table's child allocator from
     * @param source the table's source, which names its allocator (a path, a query)
     */
    public TableAppender(BufferAllocator parent, String source, TableSchema schema) {
        this.schema = schema;
        this.allocator = parent.newChildAllocator(source, 0, Long.MAX_VALUE);
        try {
            this.root = VectorSchemaRoot.create(schema.toArrow(), allocator);
        } catch (RuntimeException e) {
            allocator.close();
            throw e;
        }
        this.vectors = root.getFieldVectors().toArray(new FieldVector[0]);
    }

    public TableSchema schema() {
        return schema;
    }

    public void setNull(int column, int row) {
        vectors[column].setNull(row);
    }

    public void setInt(int column, int row, int value) {
        ((IntVector) check(column, ColumnType.INT32)).setSafe(row, value);
    }

    public void setLong(int column, int row, long value) {
        ((BigIntVector) check(column, ColumnType.INT64)).setSafe(row, value);
    }

    public void setFloat(int column, int row, float value) {
        ((Float4Vector) check(column, ColumnType.FLOAT32)).setSafe(row, value);
    }

    public void setDouble(int column, int row, double value) {
        ((Float8Vector) check(column, ColumnType.FLOAT64)).setSafe(row, value);
    }

    public void setBoolean(int column, int row, boolean value) {
        ((BitVector) check(column, ColumnType.BOOL)).setSafe(row, value ? 1 : 0);
    }

    /** Sets a string; null sets a null cell. */
    public void setString(int column, int row, String value) {
        VarCharVector v = (VarCharVector) check(column, ColumnType.UTF8);
        if (value == null) {
            v.setNull(row);
        } else {
            v.setSafe(row, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Sets a string from UTF-8 bytes, which must be valid UTF-8. */
    public void setUtf8(int column, int row, byte[] utf8, int start, int length) {
        ((VarCharVector) check(column, ColumnType.UTF8)).setSafe(row, utf8, start, length);
    }

    public void setEpochDay(int column, int row, int epochDay) {
        ((DateDayVector) check(column, ColumnType.DATE)).setSafe(row, epochDay);
    }

    public void setTimestampMicros(int column, int row, long micros) {
        ((TimeStampVector) check(column, ColumnType.TIMESTAMP)).setSafe(row, micros);
    }

    /**
     * Sets a cell from a Java value: null, or the type {@link Table#get} returns for the column
     * (Integer, Long, Float, Double, Boolean, String, LocalDate, LocalDateTime or Instant). An
     * Integer is accepted for int64 and a Float for float64, which widen exactly.
     *
     * @throws IllegalArgumentException naming the column, its type and the value's class
     */
    public void set(int column, int row, Object value) {
        if (value == null) {
            setNull(column, row);
            return;
        }
        ColumnSchema c = schema.get(column);
        switch (c.type()) {
            case INT32 -> setInt(column, row, as(value, Integer.class, c));
            case INT64 -> setLong(column, row, value instanceof Integer i ? i : as(value, Long.class, c));
            case FLOAT32 -> setFloat(column, row, as(value, Float.class, c));
            case FLOAT64 -> setDouble(column, row, value instanceof Float f ? f : as(value, Double.class, c));
            case BOOL -> setBoolean(column, row, as(value, Boolean.class, c));
            case UTF8 -> setString(column, row, as(value, String.class, c));
            case DATE -> setEpochDay(column, row, Math.toIntExact(as(value, LocalDate.class, c).toEpochDay()));
            case TIMESTAMP -> setTimestampMicros(column, row, timestampMicros(value, c));
        }
    }

    /** Makes the table of rows {@code [0, rowCount)}; the appender is spent afterwards. */
    public Table finish(int rowCount) {
        if (done) {
            throw new IllegalStateException("this appender already finished or was closed");
        }
        done = true;
        for (FieldVector v : vectors) {
            v.setValueCount(rowCount);
        }
        root.setRowCount(rowCount);
        return Table.adopt(allocator, root);
    }

    /** Frees everything unless {@link #finish} handed it to a table. */
    @Override
    public void close() {
        if (!done) {
            done = true;
            try {
                root.close();
            } finally {
                allocator.close();
            }
        }
    }

    private FieldVector check(int column, ColumnType type) {
        if (schema.get(column).type() != type) {
            throw new IllegalArgumentException("column '" + schema.get(column).name() + "' is "
                    + schema.get(column).typeName() + ", not " + type);
        }
        return vectors[column];
    }

    private static long timestampMicros(Object value, ColumnSchema c) {
        if (c.timeZone() == null && value instanceof LocalDateTime t) {
            return Micros.of(t);
        }
        if (c.timeZone() != null && value instanceof Instant t) {
            return Micros.of(t);
        }
        throw new IllegalArgumentException("column '" + c.name() + "' is " + c.typeName() + " and takes "
                + (c.timeZone() == null ? "LocalDateTime" : "Instant") + " values, not " + value.getClass().getName());
    }

    private static <T> T as(Object value, Class<T> type, ColumnSchema c) {
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("column '" + c.name() + "' is " + c.typeName() + " and takes "
                    + type.getSimpleName() + " values, not " + value.getClass().getName() + " (" + value + ")");
        }
        return type.cast(value);
    }
}
