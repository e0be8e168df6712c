package org.lmlab.table.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.ColumnType;
import org.lmlab.table.Table;
import org.lmlab.table.TableAppender;
import org.lmlab.table.TableAssertions;
import org.lmlab.table.TableSchema;

/**
 * The JSON dumps of arrow_dump.py turned into tables, so what pyarrow wrote or read can be
 * compared cell by cell (floats bit for bit) with what lmlab read or wrote.
 */
final class ArrowDump {

    private ArrowDump() {
    }

    /** pyarrow's name of a column type, as {@code str(field.type)} prints it. */
    static String pyarrowType(ColumnSchema column) {
        return switch (column.type()) {
            case INT32 -> "int32";
            case INT64 -> "int64";
            case FLOAT32 -> "float";
            case FLOAT64 -> "double";
            case BOOL -> "bool";
            case UTF8 -> "string";
            case DATE -> "date32[day]";
            case TIMESTAMP -> column.timeZone() == null ? "timestamp[us]" : "timestamp[us, tz=" + column.timeZone() + "]";
        };
    }

    static ColumnSchema columnOf(String name, String pyarrowType) {
        for (ColumnType type : ColumnType.values()) {
            if (type != ColumnType.TIMESTAMP && pyarrowType(ColumnSchema.of(name, type)).equals(pyarrowType)) {
                return ColumnSchema.of(name, type);
            }
        }
        if (pyarrowType.equals("timestamp[us]")) {
            return ColumnSchema.timestamp(name, null);
        }
        if (pyarrowType.startsWith("timestamp[us, tz=")) {
            return ColumnSchema.timestamp(name, pyarrowType.substring(17, pyarrowType.length() - 1));
        }
        throw new IllegalArgumentException("column '" + name + "': unexpected pyarrow type " + pyarrowType);
    }

    /** The dumped table, with the column types pyarrow reported. */
    static Table toTable(JsonObject dump, BufferAllocator allocator, String source) {
        JsonArray columns = dump.getAsJsonArray("columns");
        int rows = dump.get("rows").getAsInt();
        List<ColumnSchema> schema = new ArrayList<>();
        for (JsonElement c : columns) {
            JsonObject column = c.getAsJsonObject();
            schema.add(columnOf(column.get("name").getAsString(), column.get("type").getAsString()));
        }
        try (TableAppender out = new TableAppender(allocator, source, new TableSchema(schema))) {
            for (int c = 0; c < schema.size(); c++) {
                JsonArray values = columns.get(c).getAsJsonObject().getAsJsonArray("values");
                assertEquals(rows, values.size());
                for (int r = 0; r < rows; r++) {
                    JsonElement v = values.get(r);
                    if (v.isJsonNull()) {
                        out.setNull(c, r);
                        continue;
                    }
                    switch (schema.get(c).type()) {
                        case INT32 -> out.setInt(c, r, v.getAsInt());
                        case INT64 -> out.setLong(c, r, v.getAsLong());
                        case FLOAT32 -> out.setFloat(c, r, (float) decodeFloat(v.getAsString()));
                        case FLOAT64 -> out.setDouble(c, r, decodeFloat(v.getAsString()));
                        case BOOL -> out.setBoolean(c, r, v.getAsBoolean());
                        case UTF8 -> out.setString(c, r, v.getAsString());
                        case DATE -> out.setEpochDay(c, r, v.getAsInt());
                        case TIMESTAMP -> out.setTimestampMicros(c, r, v.getAsLong());
                    }
                }
            }
            return out.finish(rows);
        }
    }

    /**
     * Asserts that {@code actual} equals the dump: same column types (pyarrow's names), same
     * values and nulls. Returns the number of cells compared.
     */
    static long assertEqualsDump(JsonObject dump, Table actual, String what) {
        try (Table expected = toTable(dump, allocatorOf(actual), "expected " + what)) {
            List<String> expectedTypes = expected.schema().columns().stream().map(ArrowDump::pyarrowType).toList();
            List<String> actualTypes = actual.schema().columns().stream().map(ArrowDump::pyarrowType).toList();
            assertEquals(expectedTypes, actualTypes, what + ": column types");
            try {
                TableAssertions.assertSameContent(expected, actual);
            } catch (AssertionError e) {
                throw new AssertionError(what + ": " + e.getMessage(), e);
            }
            return (long) expected.rowCount() * expected.columnCount();
        }
    }

    private static BufferAllocator allocatorOf(Table table) {
        // The expected table lives beside the actual one, under the same parent allocator.
        return table.arrow().getVector(0).getAllocator().getParentAllocator();
    }

    private static double decodeFloat(String s) {
        return switch (s) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }
}
