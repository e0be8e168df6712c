package org.lmlab.table.sql;

import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.lmlab.table.BatchReader;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.Micros;
import org.lmlab.table.Table;
import org.lmlab.table.TableAppender;
import org.lmlab.table.TableSchema;

/**
 * Turns a DuckDB result set into tables of up to {@code batchRows} rows. The result's column
 * types are checked before any row is read, so an unsupported type fails at once, naming the
 * column.
 */
final class ResultSetBatchReader implements BatchReader {

    private final Statement statement;
    private final ResultSet rows;
    private final BufferAllocator allocator;
    private final String source;
    private final int batchRows;
    private final TableSchema schema;
    private final String[] sqlTypes;
    private final boolean[] utf8Bytes;
    private int batch;
    private boolean exhausted;

    /**
     * Takes ownership of {@code statement}: closing this reader closes it.
     *
     * @param utf8Bytes names of string columns the query delivers as BLOBs of UTF-8 bytes
     *                  ({@link SqlEngine} rewrites queries so, which skips decoding into Java
     *                  strings and encoding back); they become utf8 columns
     */
    ResultSetBatchReader(Statement statement, ResultSet rows, BufferAllocator allocator, String source,
            int batchRows, Set<String> utf8Bytes) throws SQLException {
        this.statement = statement;
        this.rows = rows;
        this.allocator = allocator;
        this.source = source;
        this.batchRows = batchRows;
        ResultSetMetaData meta = rows.getMetaData();
        List<ColumnSchema> columns = new ArrayList<>();
        sqlTypes = new String[meta.getColumnCount()];
        this.utf8Bytes = new boolean[sqlTypes.length];
        for (int c = 0; c < sqlTypes.length; c++) {
            String name = meta.getColumnLabel(c + 1);
            sqlTypes[c] = meta.getColumnTypeName(c + 1);
            if (utf8Bytes.contains(name) && sqlTypes[c].equals("BLOB")) {
                this.utf8Bytes[c] = true;
                sqlTypes[c] = "VARCHAR";
            }
            ColumnSchema column = DuckTypes.columnOf(name, sqlTypes[c]);
            if (column == null) {
                throw new IllegalArgumentException("result column '" + name + "' has SQL type " + sqlTypes[c]
                        + ", which tables do not hold; CAST it in the query (e.g. to VARCHAR or DOUBLE)");
            }
            columns.add(column);
        }
        this.schema = new TableSchema(columns);
    }

    @Override
    public TableSchema schema() {
        return schema;
    }

    @Override
    public Table next() throws SqlException {
        if (exhausted && batch > 0) {
            return null;
        }
        String name = batchRows == Integer.MAX_VALUE ? source : source + "#" + batch;
        batch++;
        try (TableAppender out = new TableAppender(allocator, name, schema)) {
            int row = 0;
            while (row < batchRows) {
                if (!rows.next()) {
                    exhausted = true;
                    break;
                }
                for (int c = 0; c < sqlTypes.length; c++) {
                    set(out, c, row);
                }
                row++;
            }
            if (row == 0 && batch > 1) {
                return null;
            }
            return out.finish(row);
        } catch (SQLException e) {
            throw new SqlException("reading the result of " + source + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            statement.close();
        } catch (SQLException e) {
            throw new SqlException("closing the result of " + source + " failed: " + e.getMessage(), e);
        }
    }

    private void set(TableAppender out, int c, int row) throws SQLException {
        int i = c + 1;
        ColumnSchema column = schema.get(c);
        switch (column.type()) {
            case INT32 -> {
                int v = rows.getInt(i);
                if (!rows.wasNull()) {
                    out.setInt(c, row, v);
                }
            }
            case INT64 -> {
                if (sqlTypes[c].contains("HUGEINT") || sqlTypes[c].equals("UBIGINT")) {
                    Object v = rows.getObject(i);
                    if (v != null) {
                        out.setLong(c, row, exactLong(v, column, row));
                    }
                } else {
                    long v = rows.getLong(i);
                    if (!rows.wasNull()) {
                        out.setLong(c, row, v);
                    }
                }
            }
            case FLOAT32 -> {
                float v = rows.getFloat(i);
                if (!rows.wasNull()) {
                    out.setFloat(c, row, v);
                }
            }
            case FLOAT64 -> {
                double v = rows.getDouble(i);
                if (!rows.wasNull()) {
                    out.setDouble(c, row, v);
                }
            }
            case BOOL -> {
                boolean v = rows.getBoolean(i);
                if (!rows.wasNull()) {
                    out.setBoolean(c, row, v);
                }
            }
            case UTF8 -> {
                if (utf8Bytes[c]) {
                    byte[] v = rows.getBytes(i);
                    if (v != null) {
                        out.setUtf8(c, row, v, 0, v.length);
                    }
                } else {
                    String v = rows.getString(i);
                    if (v != null) {
                        out.setString(c, row, v);
                    }
                }
            }
            case DATE -> {
                LocalDate v = rows.getObject(i, LocalDate.class);
                if (v != null) {
                    out.setEpochDay(c, row, Math.toIntExact(v.toEpochDay()));
                }
            }
            case TIMESTAMP -> {
                if (column.timeZone() == null) {
                    LocalDateTime v = rows.getObject(i, LocalDateTime.class);
                    if (v != null) {
                        out.setTimestampMicros(c, row, micros(v, column, row));
                    }
                } else {
                    OffsetDateTime v = rows.getObject(i, OffsetDateTime.class);
                    if (v != null) {
                        out.setTimestampMicros(c, row, Micros.of(v.toInstant()));
                    }
                }
            }
        }
    }

    private static long exactLong(Object value, ColumnSchema column, int row) {
        BigInteger big = value instanceof BigInteger b ? b : new BigInteger(value.toString());
        if (big.bitLength() > 63) {
            throw new IllegalArgumentException("result column '" + column.name() + "' row " + row + " holds " + big
                    + ", beyond int64; CAST it in the query (e.g. to DOUBLE)");
        }
        return big.longValue();
    }

    private static long micros(LocalDateTime value, ColumnSchema column, int row) {
        try {
            return Micros.of(value);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("result column '" + column.name() + "' row " + row + " holds " + value
                    + ", finer than the microseconds tables hold; truncate it in the query "
                    + "(date_trunc or CAST to TIMESTAMP)", e);
        }
    }
}
