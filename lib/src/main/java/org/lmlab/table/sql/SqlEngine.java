package org.lmlab.table.sql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
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
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;
import org.duckdb.DuckDBResultSetMetaData;
import org.duckdb.StatementReturnType;
import org.lmlab.table.BatchReader;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.Table;
import org.lmlab.table.TableArrowReader;
import org.lmlab.table.TableSchema;

/**
 * SQL over tables, run by an in-memory DuckDB database owned by this engine.
 *
 * <p>{@link #register} copies a table into DuckDB under a name; queries return new tables
 * allocated from the engine's allocator. Data crosses as Arrow buffers when
 * {@code arrow-c-data} is on the class path ({@link ArrowExchange}): registering streams the
 * table's buffers into DuckDB, which copies them once natively into its own table, and results
 * come back as Arrow batches that move into tables without a copy. Without that module it falls
 * back to DuckDB's appender and the JDBC result set (value by value, never through text).
 * Zoned timestamps come back from queries in UTC (DuckDB stores instants, not zone names; the
 * session time zone is UTC).
 *
 * <p>One engine serves one thread at a time; its methods are synchronized.
 */
public final class SqlEngine implements AutoCloseable {

    /** Rows per Arrow batch lent to DuckDB when registering; DuckDB scans batches in parallel. */
    private static final int REGISTER_BATCH_ROWS = 1 << 17;

    private final BufferAllocator allocator;
    private final boolean arrow;
    private final DuckDBConnection connection;
    private final Map<String, TableSchema> registered = new LinkedHashMap<>();
    private int temporaryNames;

    /** Opens an in-memory database; result tables are allocated from {@code allocator}. */
    public SqlEngine(BufferAllocator allocator) {
        this(allocator, ArrowExchange.available());
    }

    /** @param arrow exchange data as Arrow (needs {@link ArrowExchange#available()}) or through JDBC */
    SqlEngine(BufferAllocator allocator, boolean arrow) {
        if (arrow && !ArrowExchange.available()) {
            throw new IllegalStateException("the Arrow exchange is unavailable: " + ArrowExchange.unavailableReason());
        }
        this.arrow = arrow;
        this.allocator = allocator;
        try {
            Properties properties = new Properties();
            // Stream results chunk by chunk instead of materialising them inside DuckDB.
            properties.setProperty("jdbc_stream_results", "true");
            this.connection = (DuckDBConnection) new DuckDBDriver().connect("jdbc:duckdb:", properties);
            try (Statement s = connection.createStatement()) {
                // TIMESTAMPTZ results are exported in the session zone; tables hold them in UTC.
                s.execute("SET TimeZone = 'UTC'");
            }
        } catch (SQLException e) {
            throw new SqlException("cannot open an in-memory DuckDB database: " + e.getMessage(), e);
        }
    }

    /**
     * Copies {@code table} into the database as {@code name}, replacing an earlier table of that
     * name. The copy is made under a temporary name and renamed in one transaction, so a failure
     * leaves the earlier table (or no table) in place, never half a table.
     */
    public synchronized void register(String name, Table table) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a table name must be non-blank");
        }
        String temporary = "__lmlab_loading_" + (temporaryNames++);
        try {
            boolean lend = arrow && table.columnCount() > 0;
            if (!lend) {
                create(temporary, table.schema());
            }
            try {
                if (lend) {
                    copyIn(temporary, table);
                } else {
                    append(temporary, table);
                }
                try (Statement s = connection.createStatement()) {
                    s.execute("BEGIN TRANSACTION");
                    s.execute("DROP TABLE IF EXISTS " + quote(name));
                    s.execute("ALTER TABLE " + quote(temporary) + " RENAME TO " + quote(name));
                    s.execute("COMMIT");
                }
            } catch (SQLException | RuntimeException e) {
                rollbackAndDrop(temporary);
                throw e;
            }
        } catch (SQLException e) {
            throw new SqlException("registering table '" + name + "' (" + table.source() + ") failed: "
                    + e.getMessage(), e);
        }
        registered.put(name, table.schema());
    }

    /** Drops a registered table; unknown names are an error listing the registered ones. */
    public synchronized void unregister(String name) {
        if (!registered.containsKey(name)) {
            throw new IllegalArgumentException("no registered table '" + name + "'; registered: " + registered.keySet());
        }
        execute("DROP TABLE " + quote(name));
        registered.remove(name);
    }

    /** Names of the tables registered through {@link #register}, in registration order. */
    public synchronized Set<String> tables() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(registered.keySet()));
    }

    /** Runs a query and returns all its rows as one table named after the query. */
    public synchronized Table query(String sql) {
        try (BatchReader reader = stream(sql, Integer.MAX_VALUE)) {
            Table result = reader.next();
            if (result == null) {
                throw new IllegalStateException("no result");
            }
            return result;
        } catch (IOException e) {
            throw new SqlException(e.getMessage(), e);
        }
    }

    /**
     * Runs a query and reads its rows in tables of up to {@code batchRows} rows. The reader
     * must be closed before the engine.
     */
    public synchronized BatchReader stream(String sql, int batchRows) {
        return stream(sql, batchRows, "sql: " + abbreviate(sql));
    }

    /** Like {@link #stream(String, int)}, naming the tables {@code source}. */
    public synchronized BatchReader stream(String sql, int batchRows, String source) {
        if (!arrow) {
            BatchReader fast = streamStringsAsBytes(sql, batchRows, source);
            if (fast != null) {
                return fast;
            }
        }
        return execute(sql, batchRows, source, Set.of());
    }

    /**
     * Runs {@code sql} with its string columns delivered as UTF-8 bytes ({@code encode(col)}):
     * DuckDB JDBC's string getter dominates reading otherwise. Null when the query has no string
     * columns or cannot be wrapped in a SELECT (a PRAGMA, SHOW, duplicate column names, …).
     */
    private BatchReader streamStringsAsBytes(String sql, int batchRows, String source) {
        String query = sql.strip();
        while (query.endsWith(";")) {
            query = query.substring(0, query.length() - 1).strip();
        }
        List<String> projection = new ArrayList<>();
        Set<String> encoded = new HashSet<>();
        try (PreparedStatement prepared = connection.prepareStatement(query)) {
            ResultSetMetaData meta = prepared.getMetaData();
            if (meta == null) {
                return null;
            }
            for (int c = 1; c <= meta.getColumnCount(); c++) {
                String name = meta.getColumnLabel(c);
                String type = meta.getColumnTypeName(c).toUpperCase(Locale.ROOT);
                if (type.equals("VARCHAR") || type.equals("UUID") || type.startsWith("ENUM")) {
                    projection.add("encode(CAST(" + quote(name) + " AS VARCHAR)) AS " + quote(name));
                    encoded.add(name);
                } else {
                    projection.add(quote(name));
                }
            }
        } catch (SQLException e) {
            return null;
        }
        if (encoded.isEmpty() || new HashSet<>(projection).size() != projection.size()) {
            return null;
        }
        String wrapped = "SELECT " + String.join(", ", projection) + " FROM (" + query + ") AS __lmlab_query";
        try {
            return execute(wrapped, batchRows, source, encoded);
        } catch (SqlException e) {
            return null;
        }
    }

    private BatchReader execute(String sql, int batchRows, String source, Set<String> utf8Bytes) {
        PreparedStatement statement = null;
        try {
            // Prepared first: DuckDB JDBC's executeQuery runs a statement that returns no rows
            // (DROP, CREATE, COPY) before it complains, and that would change tables behind the caller.
            statement = connection.prepareStatement(sql);
            if (!returnsRows(statement)) {
                throw new SqlRefusedException("not a query", "not a query (it returns no rows), so it was not run: "
                        + abbreviate(sql));
            }
            ResultSet rows = statement.executeQuery();
            TableSchema arrowSchema = arrow ? arrowSchema(rows.getMetaData()) : null;
            if (arrowSchema != null) {
                return new ArrowResultBatchReader(statement, rows, allocator, source, batchRows, arrowSchema);
            }
            return new ResultSetBatchReader(statement, rows, allocator, source, batchRows, utf8Bytes);
        } catch (SQLException e) {
            closeQuietly(statement);
            throw new SqlException(e.getMessage() + "\nin: " + sql, e);
        } catch (RuntimeException e) {
            closeQuietly(statement);
            throw e;
        }
    }

    /**
     * Whether one statement returns rows, asked of DuckDB's planner without running it. Only for a
     * single statement: DuckDB JDBC runs all but the last of several while preparing them.
     */
    public synchronized boolean returnsRows(String statement) {
        try (PreparedStatement prepared = connection.prepareStatement(statement)) {
            return returnsRows(prepared);
        } catch (SQLException e) {
            throw new SqlException(e.getMessage() + "\nin: " + statement, e);
        }
    }

    private static boolean returnsRows(PreparedStatement prepared) throws SQLException {
        return prepared.getMetaData() instanceof DuckDBResultSetMetaData meta
                && meta.getReturnType() == StatementReturnType.QUERY_RESULT;
    }

    /** Runs a statement that changes rows or writes files (COPY ... TO) and returns its row count. */
    public synchronized long update(String sql) {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
            long count = s.getLargeUpdateCount();
            if (count < 0 && s.getResultSet() != null && s.getResultSet().next()) {
                count = s.getResultSet().getLong(1);
            }
            return count;
        } catch (SQLException e) {
            throw new SqlException(e.getMessage() + "\nin: " + sql, e);
        }
    }

    /** Whether data crosses as Arrow buffers (arrow-c-data is on the class path) rather than through JDBC. */
    public boolean exchangesArrow() {
        return arrow;
    }

    /** Runs statements that return no rows (COPY, SET, CREATE VIEW …). */
    public synchronized void execute(String sql) {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new SqlException(e.getMessage() + "\nin: " + sql, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new SqlException("closing DuckDB failed: " + e.getMessage(), e);
        }
    }

    /** {@code name} as a double-quoted SQL identifier. */
    public static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** {@code text} as a single-quoted SQL string literal. */
    public static String literal(String text) {
        return '\'' + text.replace("'", "''") + '\'';
    }

    private void create(String name, TableSchema schema) throws SQLException {
        StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(quote(name)).append(" (");
        for (int c = 0; c < schema.size(); c++) {
            ColumnSchema column = schema.get(c);
            ddl.append(c > 0 ? ", " : "").append(quote(column.name())).append(' ').append(DuckTypes.sqlType(column));
        }
        try (Statement s = connection.createStatement()) {
            s.execute(ddl.append(')').toString());
        }
    }

    /**
     * The result's schema when every column crosses as Arrow ({@link DuckTypes#arrowReady}), else
     * null: the JDBC reader then converts it or names the column it cannot hold.
     */
    private static TableSchema arrowSchema(ResultSetMetaData meta) throws SQLException {
        List<ColumnSchema> columns = new ArrayList<>();
        for (int c = 1; c <= meta.getColumnCount(); c++) {
            String type = meta.getColumnTypeName(c);
            if (!DuckTypes.arrowReady(type)) {
                return null;
            }
            columns.add(DuckTypes.columnOf(meta.getColumnLabel(c), type));
        }
        return new TableSchema(columns);
    }

    /**
     * Creates table {@code name} from {@code table}'s Arrow buffers: they are lent to DuckDB as a
     * stream (zero-copy slices, see {@link TableArrowReader}), which it copies into its table.
     */
    private void copyIn(String name, Table table) throws SQLException {
        String view = name + "_arrow";
        VectorSchemaRoot source = table.batches().get(0);
        // Slices move buffers between allocators, which must share the table's root allocator.
        try (BufferAllocator lent = source.getVector(0).getAllocator().newChildAllocator(
                "registering " + table.source(), 0, Long.MAX_VALUE);
             TableArrowReader batches = new TableArrowReader(table, lent, REGISTER_BATCH_ROWS);
             AutoCloseable stream = ArrowExchange.register(connection, view, batches, lent);
             Statement s = connection.createStatement()) {
            try {
                s.execute("CREATE TABLE " + quote(name) + " AS SELECT * FROM " + quote(view));
            } finally {
                s.execute("DROP VIEW IF EXISTS " + quote(view));
            }
        } catch (SQLException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new SqlException("releasing the Arrow stream of " + table.source() + " failed: " + e, e);
        }
    }

    private void append(String name, Table table) throws SQLException {
        int columns = table.columnCount();
        FieldVector[] vectors = new FieldVector[columns];
        for (int c = 0; c < columns; c++) {
            vectors[c] = table.vector(table.schema().get(c).name());
        }
        try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, name)) {
            for (int r = 0; r < table.rowCount(); r++) {
                appender.beginRow();
                for (int c = 0; c < columns; c++) {
                    appendCell(appender, vectors[c], table.schema().get(c), r);
                }
                appender.endRow();
            }
        }
    }

    private static void appendCell(DuckDBAppender appender, FieldVector vector, ColumnSchema column, int row)
            throws SQLException {
        if (vector.isNull(row)) {
            appender.appendNull();
            return;
        }
        switch (column.type()) {
            case INT32 -> appender.append(((IntVector) vector).get(row));
            case INT64 -> appender.append(((BigIntVector) vector).get(row));
            case FLOAT32 -> appender.append(((Float4Vector) vector).get(row));
            case FLOAT64 -> appender.append(((Float8Vector) vector).get(row));
            case BOOL -> appender.append(((BitVector) vector).get(row) != 0);
            case UTF8 -> appender.append(new String(((VarCharVector) vector).get(row), StandardCharsets.UTF_8));
            case DATE -> appender.appendEpochDays(((DateDayVector) vector).get(row));
            case TIMESTAMP -> appender.appendEpochMicros(((TimeStampVector) vector).get(row));
        }
    }

    private void rollbackAndDrop(String temporary) {
        // A statement that fails is closed by DuckDB JDBC, so each step gets its own.
        try (Statement s = connection.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // No transaction was open: the failure came before the rename.
        }
        try (Statement s = connection.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + quote(temporary));
        } catch (SQLException ignored) {
            // The original failure is what the caller needs to see.
        }
    }

    private static void closeQuietly(Statement statement) {
        if (statement != null) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // Reporting the failure that got us here matters more.
            }
        }
    }

    private static String abbreviate(String sql) {
        String oneLine = sql.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
    }
}
