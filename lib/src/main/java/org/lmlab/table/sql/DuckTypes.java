package org.lmlab.table.sql;

import java.util.Locale;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.ColumnType;

/** The DuckDB type of each column type, and the column type of each DuckDB result type. */
final class DuckTypes {

    private DuckTypes() {
    }

    static String sqlType(ColumnSchema column) {
        return switch (column.type()) {
            case INT32 -> "INTEGER";
            case INT64 -> "BIGINT";
            case FLOAT32 -> "FLOAT";
            case FLOAT64 -> "DOUBLE";
            case BOOL -> "BOOLEAN";
            case UTF8 -> "VARCHAR";
            case DATE -> "DATE";
            // DuckDB keeps instants, not zones: a zoned column comes back from queries as UTC.
            case TIMESTAMP -> column.timeZone() == null ? "TIMESTAMP" : "TIMESTAMPTZ";
        };
    }

    /**
     * The column a result column of DuckDB type {@code typeName} becomes, or null when tables
     * cannot hold it (intervals, times, blobs, nested types).
     */
    static ColumnSchema columnOf(String name, String typeName) {
        String t = typeName.toUpperCase(Locale.ROOT);
        if (t.startsWith("DECIMAL")) {
            return ColumnSchema.of(name, ColumnType.FLOAT64);
        }
        if (t.startsWith("ENUM")) {
            return ColumnSchema.of(name, ColumnType.UTF8);
        }
        return switch (t) {
            case "INTEGER", "SMALLINT", "TINYINT", "UTINYINT", "USMALLINT" -> ColumnSchema.of(name, ColumnType.INT32);
            case "BIGINT", "UINTEGER", "HUGEINT", "UBIGINT", "UHUGEINT" -> ColumnSchema.of(name, ColumnType.INT64);
            case "FLOAT" -> ColumnSchema.of(name, ColumnType.FLOAT32);
            case "DOUBLE" -> ColumnSchema.of(name, ColumnType.FLOAT64);
            case "BOOLEAN" -> ColumnSchema.of(name, ColumnType.BOOL);
            case "VARCHAR", "UUID" -> ColumnSchema.of(name, ColumnType.UTF8);
            case "DATE" -> ColumnSchema.of(name, ColumnType.DATE);
            case "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS" -> ColumnSchema.timestamp(name, null);
            case "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ" -> ColumnSchema.timestamp(name, "UTC");
            default -> null;
        };
    }

    /**
     * Whether DuckDB's Arrow export of a column of type {@code typeName} converts exactly into
     * the column {@link #columnOf} gives. DECIMAL and HUGEINT export as Arrow decimals, which
     * the JDBC path converts instead.
     */
    static boolean arrowReady(String typeName) {
        String t = typeName.toUpperCase(Locale.ROOT);
        return t.startsWith("ENUM") || switch (t) {
            case "INTEGER", "SMALLINT", "TINYINT", "UTINYINT", "USMALLINT", "BIGINT", "UINTEGER", "UBIGINT",
                    "FLOAT", "DOUBLE", "BOOLEAN", "VARCHAR", "UUID", "DATE", "TIMESTAMP", "TIMESTAMP_S",
                    "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ" -> true;
            default -> false;
        };
    }
}
