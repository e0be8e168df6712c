package org.lmlab.table;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
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
import org.apache.arrow.vector.util.TransferPair;

/**
 * A column-oriented table in Arrow memory: the one table type lmlab's analyses return and take.
 *
 * <p>A table owns its {@link VectorSchemaRoot} and a child allocator named after its source (a
 * file, a query, a slice), so a leak report says which table leaked. Close it (try-with-resources)
 * to free its memory; {@link #close()} is idempotent. Contents are immutable by contract: the
 * Arrow vectors are exposed for zero-copy interop and must not be written.
 *
 * <p>Accessors take a column name and a row index and check both; a wrong name lists the
 * available columns, a wrong type names the column's actual type. Primitive getters refuse
 * null cells; {@link #get} returns null for them.
 */
public final class Table implements AutoCloseable {

    private final BufferAllocator allocator;
    private final VectorSchemaRoot root;
    private final TableSchema schema;
    private final Map<String, Integer> positions;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Table(BufferAllocator allocator, VectorSchemaRoot root, TableSchema schema) {
        this.allocator = allocator;
        this.root = root;
        this.schema = schema;
        this.positions = new HashMap<>();
        for (int i = 0; i < schema.size(); i++) {
            positions.put(schema.get(i).name(), i);
        }
    }

    /**
     * Makes a table that owns {@code root} and {@code allocator}; on failure both are closed, so
     * the caller never holds half an owner.
     *
     * @param allocator a child allocator made for this table alone (its name is the table's
     *                  source); every vector of {@code root} must be allocated from it
     * @param root      vectors of the types {@link ColumnType} lists, with unique names
     * @throws IllegalArgumentException naming the column whose type or allocator is wrong
     */
    public static Table adopt(BufferAllocator allocator, VectorSchemaRoot root) {
        try {
            if (allocator.getParentAllocator() == null) {
                throw new IllegalArgumentException("a Table needs a child allocator of its own, not the root allocator");
            }
            TableSchema schema = TableSchema.fromArrow(root.getSchema());
            for (FieldVector vector : root.getFieldVectors()) {
                if (vector.getAllocator() != allocator) {
                    throw new IllegalArgumentException("column '" + vector.getName() + "' was allocated from '"
                            + vector.getAllocator().getName() + "', not from the table's allocator '"
                            + allocator.getName() + "'");
                }
            }
            return new Table(allocator, root, schema);
        } catch (RuntimeException e) {
            root.close();
            allocator.close();
            throw e;
        }
    }

    /** Starts a table built from Java values; its allocator is a child of {@code parent} named {@code source}. */
    public static TableBuilder builder(BufferAllocator parent, String source) {
        return new TableBuilder(parent, source);
    }

    /**
     * Copies {@code parts}, which must all have {@code schema}, one after another into a new
     * table named {@code source}. The parts stay open; the caller still owns them.
     */
    public static Table concat(BufferAllocator parent, String source, TableSchema schema, List<Table> parts) {
        for (Table part : parts) {
            if (!part.schema().equals(schema)) {
                throw new IllegalArgumentException("cannot concatenate table '" + part.source() + "' with schema "
                        + part.schema() + " into " + schema);
            }
        }
        BufferAllocator target = parent.newChildAllocator(source, 0, Long.MAX_VALUE);
        List<FieldVector> columns = new ArrayList<>();
        int rows = 0;
        try {
            for (Table part : parts) {
                rows = Math.addExact(rows, part.rowCount());
            }
            List<org.apache.arrow.vector.types.pojo.Field> fields = schema.toArrow().getFields();
            // Columns are independent copies (the allocator is thread-safe): copy them in parallel.
            FieldVector[] copied = new FieldVector[fields.size()];
            try {
                java.util.stream.IntStream.range(0, fields.size()).parallel().forEach(c -> copied[c] =
                        ColumnConcat.concat(fields.get(c), parts.stream().map(p -> p.arrow().getVector(c)).toList(),
                                target));
            } finally {
                for (FieldVector v : copied) {
                    if (v != null) {
                        columns.add(v);
                    }
                }
            }
        } catch (RuntimeException e) {
            columns.forEach(FieldVector::close);
            target.close();
            throw e;
        }
        VectorSchemaRoot root = new VectorSchemaRoot(columns);
        root.setRowCount(rows);
        return adopt(target, root);
    }

    /** Where the table came from (file, query, slice): the name of its allocator. */
    public String source() {
        return allocator.getName();
    }

    public TableSchema schema() {
        return schema;
    }

    public int rowCount() {
        return root.getRowCount();
    }

    public int columnCount() {
        return schema.size();
    }

    public List<String> columnNames() {
        return schema.names();
    }

    public ColumnType type(String column) {
        return schema.get(position(column)).type();
    }

    public ColumnSchema column(String column) {
        return schema.get(position(column));
    }

    public boolean isNull(String column, int row) {
        return vector(column).isNull(checkRow(column, row));
    }

    /** Number of null cells in {@code column}. */
    public int nullCount(String column) {
        return vector(column).getNullCount();
    }

    public int getInt(String column, int row) {
        IntVector v = typed(column, ColumnType.INT32, IntVector.class);
        return v.get(nonNullRow(v, column, row));
    }

    public long getLong(String column, int row) {
        BigIntVector v = typed(column, ColumnType.INT64, BigIntVector.class);
        return v.get(nonNullRow(v, column, row));
    }

    public float getFloat(String column, int row) {
        Float4Vector v = typed(column, ColumnType.FLOAT32, Float4Vector.class);
        return v.get(nonNullRow(v, column, row));
    }

    public double getDouble(String column, int row) {
        Float8Vector v = typed(column, ColumnType.FLOAT64, Float8Vector.class);
        return v.get(nonNullRow(v, column, row));
    }

    public boolean getBoolean(String column, int row) {
        BitVector v = typed(column, ColumnType.BOOL, BitVector.class);
        return v.get(nonNullRow(v, column, row)) != 0;
    }

    /** The string, or null for a null cell. */
    public String getString(String column, int row) {
        VarCharVector v = typed(column, ColumnType.UTF8, VarCharVector.class);
        int r = checkRow(column, row);
        return v.isNull(r) ? null : new String(v.get(r), StandardCharsets.UTF_8);
    }

    /** The date, or null for a null cell. */
    public LocalDate getDate(String column, int row) {
        DateDayVector v = typed(column, ColumnType.DATE, DateDayVector.class);
        int r = checkRow(column, row);
        return v.isNull(r) ? null : LocalDate.ofEpochDay(v.get(r));
    }

    /** The stored count: microseconds since the epoch (UTC for zoned, wall clock otherwise). */
    public long getTimestampMicros(String column, int row) {
        TimeStampVector v = typed(column, ColumnType.TIMESTAMP, TimeStampVector.class);
        return v.get(nonNullRow(v, column, row));
    }

    /**
     * The wall clock: as stored for a zone-less column, in the column's zone for a zoned one;
     * null for a null cell.
     */
    public LocalDateTime getDateTime(String column, int row) {
        TimeStampVector v = typed(column, ColumnType.TIMESTAMP, TimeStampVector.class);
        int r = checkRow(column, row);
        if (v.isNull(r)) {
            return null;
        }
        String zone = schema.get(position(column)).timeZone();
        return zone == null ? Micros.toLocalDateTime(v.get(r))
                : LocalDateTime.ofInstant(Micros.toInstant(v.get(r)), ZoneId.of(zone));
    }

    /** The instant of a zoned timestamp, or null for a null cell. */
    public Instant getInstant(String column, int row) {
        TimeStampVector v = typed(column, ColumnType.TIMESTAMP, TimeStampVector.class);
        if (schema.get(position(column)).timeZone() == null) {
            throw new IllegalArgumentException(where(column) + " is a timestamp without time zone, so it has no "
                    + "instant; use getDateTime (wall clock) or getTimestampMicros");
        }
        int r = checkRow(column, row);
        return v.isNull(r) ? null : Micros.toInstant(v.get(r));
    }

    /**
     * The cell as a Java value, null for a null cell: Integer, Long, Float, Double, Boolean,
     * String, LocalDate, LocalDateTime (zone-less timestamp) or Instant (zoned timestamp).
     */
    public Object get(String column, int row) {
        FieldVector v = vector(column);
        int r = checkRow(column, row);
        if (v.isNull(r)) {
            return null;
        }
        ColumnSchema c = schema.get(position(column));
        return switch (c.type()) {
            case INT32 -> ((IntVector) v).get(r);
            case INT64 -> ((BigIntVector) v).get(r);
            case FLOAT32 -> ((Float4Vector) v).get(r);
            case FLOAT64 -> ((Float8Vector) v).get(r);
            case BOOL -> ((BitVector) v).get(r) != 0;
            case UTF8 -> new String(((VarCharVector) v).get(r), StandardCharsets.UTF_8);
            case DATE -> LocalDate.ofEpochDay(((DateDayVector) v).get(r));
            case TIMESTAMP -> c.timeZone() == null ? Micros.toLocalDateTime(((TimeStampVector) v).get(r))
                    : Micros.toInstant(((TimeStampVector) v).get(r));
        };
    }

    /**
     * Rows {@code [offset, offset + length)} as a new table sharing this table's value buffers
     * where Arrow allows: data buffers are shared, validity bitmaps are copied when
     * {@code offset} is not a multiple of 8 and string offsets are always rebased (copied). The
     * slice has its own allocator (a sibling of this table's) and must be closed on its own; it
     * stays valid after this table is closed.
     */
    public Table slice(int offset, int length) {
        ensureOpen();
        if (offset < 0 || length < 0 || offset > rowCount() - length) {
            throw new IndexOutOfBoundsException("slice [" + offset + ", " + offset + " + " + length + ") is outside "
                    + "table '" + source() + "' of " + rowCount() + " rows");
        }
        BufferAllocator sliceAllocator = allocator.getParentAllocator()
                .newChildAllocator(source() + "[" + offset + ":" + (offset + length) + "]", 0, Long.MAX_VALUE);
        List<FieldVector> vectors = new ArrayList<>();
        try {
            for (FieldVector vector : root.getFieldVectors()) {
                TransferPair pair = vector.getTransferPair(sliceAllocator);
                vectors.add((FieldVector) pair.getTo());
                if (length > 0) {
                    pair.splitAndTransfer(offset, length);
                }
            }
        } catch (RuntimeException e) {
            vectors.forEach(FieldVector::close);
            sliceAllocator.close();
            throw e;
        }
        return adopt(sliceAllocator, new VectorSchemaRoot(root.getSchema().getFields(), vectors, length));
    }

    /** The first {@code n} rows (fewer if the table is shorter), zero-copy as {@link #slice}. */
    public Table head(int n) {
        return slice(0, Math.min(Math.max(n, 0), rowCount()));
    }

    /**
     * The Arrow vectors, borrowed: valid until this table closes, never to be written or closed
     * by the caller. For zero-copy interop and bulk readers such as writers and renderers.
     */
    public VectorSchemaRoot arrow() {
        ensureOpen();
        return root;
    }

    /** The Arrow vector of {@code column}, borrowed like {@link #arrow()}. */
    public FieldVector vector(String column) {
        ensureOpen();
        return root.getVector(position(column));
    }

    /** Bytes of Arrow memory this table holds. */
    public long allocatedBytes() {
        return allocator.getAllocatedMemory();
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Frees the vectors and the allocator; a second call does nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                root.close();
            } finally {
                allocator.close();
            }
        }
    }

    @Override
    public String toString() {
        return "Table(" + source() + ", " + (isClosed() ? "closed" : rowCount() + " rows × " + columnCount()
                + " columns") + ", " + schema + ")";
    }

    private int position(String column) {
        Integer p = positions.get(column);
        if (p == null) {
            throw new IllegalArgumentException("table '" + source() + "' has " + TableSchema.unknownColumn(column,
                    schema.names()));
        }
        return p;
    }

    private <V extends FieldVector> V typed(String column, ColumnType expected, Class<V> vectorClass) {
        FieldVector v = vector(column);
        ColumnSchema c = schema.get(position(column));
        if (c.type() != expected) {
            throw new IllegalArgumentException(where(column) + " is " + c.typeName() + ", not " + expected
                    + "; use " + getterFor(c.type()));
        }
        return vectorClass.cast(v);
    }

    private int checkRow(String column, int row) {
        if (row < 0 || row >= rowCount()) {
            throw new IndexOutOfBoundsException("row " + row + " of " + where(column) + " is outside [0, "
                    + rowCount() + ")");
        }
        return row;
    }

    private int nonNullRow(FieldVector v, String column, int row) {
        if (v.isNull(checkRow(column, row))) {
            throw new IllegalStateException("row " + row + " of " + where(column) + " is null; check isNull "
                    + "first or use get(column, row), which returns null");
        }
        return row;
    }

    private String where(String column) {
        return "column '" + column + "' of table '" + source() + "'";
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("table '" + source() + "' is closed");
        }
    }

    private static String getterFor(ColumnType type) {
        return switch (type) {
            case INT32 -> "getInt";
            case INT64 -> "getLong";
            case FLOAT32 -> "getFloat";
            case FLOAT64 -> "getDouble";
            case BOOL -> "getBoolean";
            case UTF8 -> "getString";
            case DATE -> "getDate";
            case TIMESTAMP -> "getDateTime, getInstant or getTimestampMicros";
        };
    }
}
