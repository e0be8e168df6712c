package org.lmlab.table.sql;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSet;

/**
 * DuckDB's Arrow exchange through the Arrow C stream interface: tables go in
 * ({@code registerArrowStream}) and results come out ({@code arrowExportStream}) as Arrow
 * buffers, without a value-by-value JDBC loop.
 *
 * <p>It needs {@code org.apache.arrow:arrow-c-data} (and its JNI library) at run time. DuckDB
 * JDBC itself reaches that module by reflection, and so does this class, so lmlab compiles and
 * works without it: {@link #available()} is false then and {@link SqlEngine} takes its JDBC
 * path.
 */
final class ArrowExchange {

    private static final Method ALLOCATE_STREAM;
    private static final Method EXPORT_STREAM;
    private static final String MISSING;

    static {
        Method allocate = null;
        Method export = null;
        String missing = null;
        try {
            Class<?> stream = Class.forName("org.apache.arrow.c.ArrowArrayStream");
            allocate = stream.getMethod("allocateNew", BufferAllocator.class);
            export = Class.forName("org.apache.arrow.c.Data").getMethod("exportArrayStream", BufferAllocator.class,
                    ArrowReader.class, stream);
            // Loads the JNI library now, so a platform without it falls back instead of failing later.
            try (RootAllocator probe = new RootAllocator();
                 AutoCloseable s = (AutoCloseable) allocate.invoke(null, probe)) {
                Class.forName("org.apache.arrow.c.jni.JniWrapper").getMethod("get").invoke(null);
            }
        } catch (Throwable e) {
            missing = e.toString();
            allocate = null;
            export = null;
        }
        ALLOCATE_STREAM = allocate;
        EXPORT_STREAM = export;
        MISSING = missing;
    }

    private ArrowExchange() {
    }

    /** Whether arrow-c-data and its native library are usable here. */
    static boolean available() {
        return MISSING == null;
    }

    /** Why the exchange is unavailable, or null. */
    static String unavailableReason() {
        return MISSING;
    }

    /**
     * Makes {@code batches} scannable in DuckDB as the view {@code name} (one scan only: the
     * stream is consumed). Close the returned handle after the scan; it releases the stream.
     */
    static AutoCloseable register(DuckDBConnection connection, String name, ArrowReader batches,
            BufferAllocator allocator) {
        try {
            AutoCloseable stream = (AutoCloseable) ALLOCATE_STREAM.invoke(null, allocator);
            try {
                EXPORT_STREAM.invoke(null, allocator, batches, stream);
                connection.registerArrowStream(name, stream);
                return stream;
            } catch (InvocationTargetException | IllegalAccessException | RuntimeException e) {
                stream.close();
                throw e;
            }
        } catch (InvocationTargetException e) {
            throw new SqlException("exporting an Arrow stream to DuckDB failed: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new SqlException("exporting an Arrow stream to DuckDB failed: " + e, e);
        }
    }

    /** The rows of {@code result} as Arrow batches of up to {@code batchRows} rows from {@code allocator}. */
    static ArrowReader export(ResultSet result, BufferAllocator allocator, long batchRows) throws SQLException {
        return (ArrowReader) result.unwrap(DuckDBResultSet.class).arrowExportStream(allocator, batchRows);
    }
}
