package org.lmlab.table;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/**
 * A column-oriented table in Arrow memory: the one table type lmlab's analyses return and take.
 *
 * <p>A table owns its {@link VectorSchemaRoot} and a child allocator named after its source (a
 * file, a query, a slice), so a leak report says which table leaked. Close it (try-with-resources)
 * to free its memory; {@link #close()} is idempotent. Contents are immutable by contract: the
 * Arrow vectors are exposed for zero-copy interop and must not be written.
 *
 * <p>A table read in record batches (a Parquet file's row groups, an IPC file's batches) keeps
 * them as they came, like a pyarrow {@code Table} of chunked arrays: reading costs no copy. Cell
 * accessors, {@link #slice} and {@link #batches()} work on the batches; {@link #arrow()} and
 * {@link #vector} need one contiguous vector per column and join the batches into one, once, on
 * first use (the batches' memory is freed then).
 *
 * <p>Accessors take a column name and a row index and check both; a wrong name lists the
 * available columns, a wrong type names the column's actual type. Primitive getters refuse
 * null cells; {@link #get} returns null for them.
 */
public final class Table implements AutoCloseable {

    private final BufferAllocator allocator;
    private final TableSchema schema;
    private final Map<String, Integer> positions;
    private final int rowCount;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Arrow schema metadata: an annotation (provenance), not contents; writers save it with the table. */
    private volatile Map<String, String> metadata;
    /** The batches, replaced by a single joined one on the first call that needs contiguous vectors. */
    private volatile Batches batches;

    /**
     * Record batches in row order with the first row of each ({@code starts[i]}, plus the row
     * count at the end); never empty.
     */
    private record Batches(List<VectorSchemaRoot> roots, int[] starts) {

        static Batches of(List<VectorSchemaRoot> roots) {
            int[] starts = new int[roots.size() + 1];
            for (int i = 0; i < roots.size(); i++) {
                starts[i + 1] = Math.addExact(starts[i], roots.get(i).getRowCount());
            }
            return new Batches(List.copyOf(roots), starts);
        }

        /** Index of the batch holding {@code row} (a valid row). */
        int find(int row) {
            if (roots.size() == 1) {
                return 0;
            }
            int i = Arrays.binarySearch(starts, row);
            // An exact hit is a batch's first row; skip empty batches starting at the same row.
            if (i >= 0) {
                while (starts[i + 1] == row) {
                    i++;
                }
                return i;
            }
            return -i - 2;
        }
    }

    /** One cell's place: the vector of its batch and the row within that batch. */
    private record Cell(FieldVector vector, int row) {
    }

    private Table(BufferAllocator allocator, List<VectorSchemaRoot> roots, TableSchema schema) {
        this.allocator = allocator;
        this.schema = schema;
        this.batches = Batches.of(roots);
        this.rowCount = batches.starts()[roots.size()];
        Map<String, String> read = roots.get(0).getSchema().getCustomMetadata();
        this.metadata = read == null ? Map.of() : Map.copyOf(read);
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
        return adopt(allocator, List.of(root));
    }

    /**
     * As {@link #adopt(BufferAllocator, VectorSchemaRoot)} for a table of several record batches
     * (in row order, at least one), all with the same schema and vectors from {@code allocator}.
     */
    public static Table adopt(BufferAllocator allocator, List<VectorSchemaRoot> roots) {
        try {
            if (roots.isEmpty()) {
                throw new IllegalArgumentException("a Table needs at least one record batch");
            }
            if (allocator.getParentAllocator() == null) {
                throw new IllegalArgumentException("a Table needs a child allocator of its own, not the root allocator");
            }
            TableSchema schema = TableSchema.fromArrow(roots.get(0).getSchema());
            for (VectorSchemaRoot root : roots) {
                if (!root.getSchema().equals(roots.get(0).getSchema())) {
                    throw new IllegalArgumentException("record batches differ in schema: " + roots.get(0).getSchema()
                            + " and " + root.getSchema());
                }
                for (FieldVector vector : root.getFieldVectors()) {
                    if (vector.getAllocator() != allocator) {
                        throw new IllegalArgumentException("column '" + vector.getName() + "' was allocated from '"
                                + vector.getAllocator().getName() + "', not from the table's allocator '"
                                + allocator.getName() + "'");
                    }
                }
            }
            return new Table(allocator, roots, schema);
        } catch (RuntimeException e) {
            roots.forEach(VectorSchemaRoot::close);
            allocator.close();
            throw e;
        }
    }

    /**
     * Makes one table named {@code source} of {@code parts} (each with {@code schema}) without
     * copying: their vectors move into the new table as its record batches, and the parts are
     * closed, also when this fails.
     */
    public static Table ofBatches(BufferAllocator parent, String source, TableSchema schema, List<Table> parts) {
        BufferAllocator target = parent.newChildAllocator(source, 0, Long.MAX_VALUE);
        List<VectorSchemaRoot> roots = new ArrayList<>();
        try {
            for (Table part : parts) {
                if (!part.schema().equals(schema)) {
                    throw new IllegalArgumentException("cannot join table '" + part.source() + "' with schema "
                            + part.schema() + " into " + schema);
                }
                for (VectorSchemaRoot batch : part.batches()) {
                    List<FieldVector> moved = new ArrayList<>();
                    for (FieldVector v : batch.getFieldVectors()) {
                        TransferPair pair = v.getTransferPair(target);
                        pair.transfer();
                        moved.add((FieldVector) pair.getTo());
                    }
                    roots.add(new VectorSchemaRoot(batch.getSchema().getFields(), moved, batch.getRowCount()));
                }
            }
        } catch (RuntimeException e) {
            roots.forEach(VectorSchemaRoot::close);
            target.close();
            throw e;
        } finally {
            parts.forEach(Table::close);
        }
        if (roots.isEmpty()) {
            roots.add(VectorSchemaRoot.create(schema.toArrow(), target));
        }
        return adopt(target, roots);
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
        FieldVector[] columns;
        int rows = 0;
        try {
            for (Table part : parts) {
                rows = Math.addExact(rows, part.rowCount());
            }
            columns = ColumnConcat.concatAll(schema.toArrow().getFields(),
                    parts.stream().flatMap(p -> p.batches().stream()).toList(), target);
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
        VectorSchemaRoot root = new VectorSchemaRoot(Arrays.asList(columns));
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
        return rowCount;
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
        Cell cell = cell(column, row);
        return cell.vector().isNull(cell.row());
    }

    /** Number of null cells in {@code column}. */
    public int nullCount(String column) {
        ensureOpen();
        int c = position(column);
        int nulls = 0;
        for (VectorSchemaRoot batch : batches.roots()) {
            nulls += batch.getVector(c).getNullCount();
        }
        return nulls;
    }

    public int getInt(String column, int row) {
        Cell cell = nonNull(typed(column, ColumnType.INT32, row), column, row);
        return ((IntVector) cell.vector()).get(cell.row());
    }

    public long getLong(String column, int row) {
        Cell cell = nonNull(typed(column, ColumnType.INT64, row), column, row);
        return ((BigIntVector) cell.vector()).get(cell.row());
    }

    public float getFloat(String column, int row) {
        Cell cell = nonNull(typed(column, ColumnType.FLOAT32, row), column, row);
        return ((Float4Vector) cell.vector()).get(cell.row());
    }

    public double getDouble(String column, int row) {
        Cell cell = nonNull(typed(column, ColumnType.FLOAT64, row), column, row);
        return ((Float8Vector) cell.vector()).get(cell.row());
    }

    /**
     * A numeric cell of any numeric type as a double.
     *
     * @throws IllegalArgumentException "column 'C' is null" or "column 'C' is not a number (V)"
     */
    public double number(String column, int row) {
        Object value = get(column, row);
        if (!(value instanceof Number n)) {
            throw new IllegalArgumentException("column '" + column + "' is "
                    + (value == null ? "null" : "not a number (" + value + ")"));
        }
        return n.doubleValue();
    }

    public boolean getBoolean(String column, int row) {
        Cell cell = nonNull(typed(column, ColumnType.BOOL, row), column, row);
        return ((BitVector) cell.vector()).get(cell.row()) != 0;
    }

    /** The string, or null for a null cell. */
    public String getString(String column, int row) {
        Cell cell = typed(column, ColumnType.UTF8, row);
        return cell.vector().isNull(cell.row()) ? null
                : new String(((VarCharVector) cell.vector()).get(cell.row()), StandardCharsets.UTF_8);
    }

    /** The date, or null for a null cell. */
    public LocalDate getDate(String column, int row) {
        Cell cell = typed(column, ColumnType.DATE, row);
        return cell.vector().isNull(cell.row()) ? null
                : LocalDate.ofEpochDay(((DateDayVector) cell.vector()).get(cell.row()));
    }

    /** The stored count: microseconds since the epoch (UTC for zoned, wall clock otherwise). */
    public long getTimestampMicros(String column, int row) {
        Cell cell = nonNull(typed(column, ColumnType.TIMESTAMP, row), column, row);
        return ((TimeStampVector) cell.vector()).get(cell.row());
    }

    /**
     * The wall clock: as stored for a zone-less column, in the column's zone for a zoned one;
     * null for a null cell.
     */
    public LocalDateTime getDateTime(String column, int row) {
        Cell cell = typed(column, ColumnType.TIMESTAMP, row);
        if (cell.vector().isNull(cell.row())) {
            return null;
        }
        long micros = ((TimeStampVector) cell.vector()).get(cell.row());
        String zone = schema.get(position(column)).timeZone();
        return zone == null ? Micros.toLocalDateTime(micros)
                : LocalDateTime.ofInstant(Micros.toInstant(micros), ZoneId.of(zone));
    }

    /** The instant of a zoned timestamp, or null for a null cell. */
    public Instant getInstant(String column, int row) {
        Cell cell = typed(column, ColumnType.TIMESTAMP, row);
        if (schema.get(position(column)).timeZone() == null) {
            throw new IllegalArgumentException(where(column) + " is a timestamp without time zone, so it has no "
                    + "instant; use getDateTime (wall clock) or getTimestampMicros");
        }
        return cell.vector().isNull(cell.row()) ? null
                : Micros.toInstant(((TimeStampVector) cell.vector()).get(cell.row()));
    }

    /**
     * The cell as a Java value, null for a null cell: Integer, Long, Float, Double, Boolean,
     * String, LocalDate, LocalDateTime (zone-less timestamp) or Instant (zoned timestamp).
     */
    public Object get(String column, int row) {
        Cell cell = cell(column, row);
        FieldVector v = cell.vector();
        int r = cell.row();
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
     * stays valid after this table is closed. A slice across record batches has a part of each.
     */
    public Table slice(int offset, int length) {
        ensureOpen();
        if (offset < 0 || length < 0 || offset > rowCount() - length) {
            throw new IndexOutOfBoundsException("slice [" + offset + ", " + offset + " + " + length + ") is outside "
                    + "table '" + source() + "' of " + rowCount() + " rows");
        }
        BufferAllocator sliceAllocator = allocator.getParentAllocator()
                .newChildAllocator(source() + "[" + offset + ":" + (offset + length) + "]", 0, Long.MAX_VALUE);
        Batches from = batches;
        List<VectorSchemaRoot> parts = new ArrayList<>();
        try {
            int first = length == 0 ? 0 : from.find(offset);
            int last = length == 0 ? 0 : from.find(offset + length - 1);
            for (int b = first; b <= last; b++) {
                VectorSchemaRoot batch = from.roots().get(b);
                int begin = Math.max(offset, from.starts()[b]) - from.starts()[b];
                int end = Math.min(offset + length, from.starts()[b + 1]) - from.starts()[b];
                int rows = Math.max(0, end - begin);
                List<FieldVector> vectors = new ArrayList<>();
                try {
                    for (FieldVector vector : batch.getFieldVectors()) {
                        TransferPair pair = vector.getTransferPair(sliceAllocator);
                        vectors.add((FieldVector) pair.getTo());
                        if (rows > 0) {
                            pair.splitAndTransfer(begin, rows);
                        }
                    }
                } catch (RuntimeException e) {
                    vectors.forEach(FieldVector::close);
                    throw e;
                }
                parts.add(new VectorSchemaRoot(batch.getSchema().getFields(), vectors, rows));
            }
        } catch (RuntimeException e) {
            parts.forEach(VectorSchemaRoot::close);
            sliceAllocator.close();
            throw e;
        }
        return adopt(sliceAllocator, parts);
    }

    /** The first {@code n} rows (fewer if the table is shorter), zero-copy as {@link #slice}. */
    public Table head(int n) {
        return slice(0, Math.min(Math.max(n, 0), rowCount()));
    }

    /**
     * The Arrow vectors, borrowed: valid until this table closes, never to be written or closed
     * by the caller. For zero-copy interop and bulk readers such as writers and renderers. A
     * table of several record batches joins them into one here (a copy, made once); readers
     * that can take batches use {@link #batches()} instead. Do not call this while another
     * thread reads cells of the same table.
     */
    public VectorSchemaRoot arrow() {
        ensureOpen();
        return joined();
    }

    /** The Arrow vector of {@code column}, borrowed like {@link #arrow()} (and joined like it). */
    public FieldVector vector(String column) {
        ensureOpen();
        int c = position(column);
        return joined().getVector(c);
    }

    /**
     * The record batches in row order (one for a table built in one piece), borrowed like
     * {@link #arrow()}; no copy.
     */
    public List<VectorSchemaRoot> batches() {
        ensureOpen();
        return batches.roots();
    }

    private synchronized VectorSchemaRoot joined() {
        Batches current = batches;
        if (current.roots().size() == 1) {
            return current.roots().get(0);
        }
        FieldVector[] copied = ColumnConcat.concatAll(schema.toArrow().getFields(), current.roots(), allocator);
        VectorSchemaRoot one = new VectorSchemaRoot(Arrays.asList(copied));
        one.setRowCount(rowCount);
        batches = Batches.of(List.of(one));
        current.roots().forEach(VectorSchemaRoot::close);
        return one;
    }

    /** Bytes of Arrow memory this table holds. */
    public long allocatedBytes() {
        return allocator.getAllocatedMemory();
    }

    public boolean isClosed() {
        return closed.get();
    }

    /**
     * The table's Arrow schema metadata (key to value, as pyarrow's {@code schema.metadata}):
     * what a file it was read from carried, plus what {@link #annotate} added. Empty when none.
     */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * Adds (or replaces) schema metadata entries. Metadata describes the table (where it came
     * from), it is not part of its contents, so an immutable table may still be annotated; Arrow
     * IPC, Feather and Parquet writers save it.
     */
    public synchronized void annotate(Map<String, String> entries) {
        ensureOpen();
        Map<String, String> merged = new LinkedHashMap<>(metadata);
        merged.putAll(entries);
        metadata = Collections.unmodifiableMap(merged);
    }

    /** The Arrow schema of this table's columns with its {@link #metadata()}. */
    public Schema arrowSchema() {
        return new Schema(schema.toArrow().getFields(), metadata);
    }

    /** Frees the vectors and the allocator; a second call does nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                batches.roots().forEach(VectorSchemaRoot::close);
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

    /** The cell of {@code column} (of type {@code expected}) at {@code row}. */
    private Cell typed(String column, ColumnType expected, int row) {
        ColumnSchema c = schema.get(position(column));
        if (c.type() != expected) {
            throw new IllegalArgumentException(where(column) + " is " + c.typeName() + ", not " + expected
                    + "; use " + getterFor(c.type()));
        }
        return cell(column, row);
    }

    private Cell cell(String column, int row) {
        ensureOpen();
        int c = position(column);
        if (row < 0 || row >= rowCount) {
            throw new IndexOutOfBoundsException("row " + row + " of " + where(column) + " is outside [0, "
                    + rowCount + ")");
        }
        Batches current = batches;
        int b = current.find(row);
        return new Cell(current.roots().get(b).getVector(c), row - current.starts()[b]);
    }

    private Cell nonNull(Cell cell, String column, int row) {
        if (cell.vector().isNull(cell.row())) {
            throw new IllegalStateException("row " + row + " of " + where(column) + " is null; check isNull "
                    + "first or use get(column, row), which returns null");
        }
        return cell;
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
