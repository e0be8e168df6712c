package org.lmlab.table.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lmlab.table.ArrowLeakCheck;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.ColumnType;
import org.lmlab.table.Table;
import org.lmlab.table.TableSchema;

class JsonLinesTest {

    @RegisterExtension
    final ArrowLeakCheck arrow = new ArrowLeakCheck();
    private final BufferAllocator allocator = arrow.allocator();

    @TempDir
    Path dir;


    private Path jsonl(String text) throws IOException {
        Path file = dir.resolve("data.jsonl");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void infersColumnsInFirstSeenOrderWithNullsAndMissingKeys() throws IOException {
        Path file = jsonl("""
                {"step": 1, "loss": 2.5, "ok": true, "tag": "a", "day": "2024-01-02", "at": "2024-01-02T03:04:05Z"}
                {"step": 2, "loss": NaN, "ok": null, "tag": "12"}

                {"step": 3, "loss": 1, "ok": false, "tag": null, "day": null, "at": "2024-01-02T03:04:06.5Z", "x": 1e3}
                """);
        try (Table t = JsonLines.read(file, allocator)) {
            assertEquals(List.of("step", "loss", "ok", "tag", "day", "at", "x"), t.columnNames());
            assertEquals(ColumnType.INT64, t.type("step"));
            assertEquals(ColumnType.FLOAT64, t.type("loss"));
            assertEquals(ColumnType.BOOL, t.type("ok"));
            assertEquals(ColumnType.UTF8, t.type("tag"));
            assertEquals(ColumnType.DATE, t.type("day"));
            assertEquals("UTC", t.column("at").timeZone());
            assertEquals(ColumnType.FLOAT64, t.type("x"));
            assertTrue(Double.isNaN(t.getDouble("loss", 1)));
            assertEquals(1.0, t.getDouble("loss", 2));
            assertEquals("12", t.getString("tag", 1));
            assertTrue(t.isNull("ok", 1));
            assertTrue(t.isNull("day", 1));
            assertEquals(LocalDate.of(2024, 1, 2), t.getDate("day", 0));
            assertEquals(Instant.parse("2024-01-02T03:04:06.5Z"), t.getInstant("at", 2));
            assertEquals(1000.0, t.getDouble("x", 2));
            assertTrue(t.isNull("x", 0));
        }
    }

    @Test
    void byteOrderMarkIsSkipped() throws IOException {
        try (Table t = JsonLines.read(jsonl("\uFEFF{\"a\": 1}\n"), allocator)) {
            assertEquals(List.of("a"), t.columnNames());
        }
    }

    @Test
    void badJsonNamesFileAndLine() throws IOException {
        Path file = jsonl("{\"a\": 1}\n{\"a\": 2}\n{\"a\": 3\n");
        TableFormatException e = assertThrows(TableFormatException.class, () -> JsonLines.read(file, allocator));
        assertTrue(e.getMessage().startsWith(file + ":3: bad JSON: "), e.getMessage());
        assertEquals(3, e.line());
    }

    @Test
    void nonObjectsNestedValuesAndLateKeysAreErrors() throws IOException {
        Path array = jsonl("{\"a\": 1}\n[1, 2]\n");
        TableFormatException e = assertThrows(TableFormatException.class, () -> JsonLines.read(array, allocator));
        assertEquals(array + ":2: expected a JSON object, found an array", e.getMessage());

        Path nested = jsonl("{\"a\": {\"b\": 1}}\n");
        e = assertThrows(TableFormatException.class, () -> JsonLines.read(nested, allocator));
        assertEquals(nested + ":1: key 'a' holds an object; only scalar values (string, number, boolean, null) make "
                + "table columns", e.getMessage());

        Path late = jsonl("{\"a\": 1}\n{\"a\": 2}\n{\"a\": 3, \"b\": 4}\n");
        e = assertThrows(TableFormatException.class,
                () -> JsonLines.read(late, allocator, JsonLinesOptions.defaults().withInferenceRows(2)));
        assertEquals(late + ":3: key 'b' is not in the first 2 lines, which fixed the columns [a]; pass a schema in "
                + "JsonLinesOptions that lists it", e.getMessage());

        Path mismatch = jsonl("{\"a\": 1}\n{\"a\": 2}\n{\"a\": \"x\"}\n");
        e = assertThrows(TableFormatException.class,
                () -> JsonLines.read(mismatch, allocator, JsonLinesOptions.defaults().withInferenceRows(2)));
        assertTrue(e.getMessage().startsWith(mismatch + ":3: key 'a': \"x\" is not int64"), e.getMessage());
    }

    @Test
    void explicitSchemaSelectsAndTypesColumns() throws IOException {
        Path file = jsonl("{\"a\": 1, \"b\": \"2024-01-01 10:00\", \"junk\": [1]}\n{\"b\": null}\n");
        TableSchema schema = TableSchema.of(ColumnSchema.of("a", ColumnType.INT32),
                ColumnSchema.timestamp("b", "Europe/Paris"));
        try (Table t = JsonLines.read(file, allocator, JsonLinesOptions.defaults().withSchema(schema))) {
            assertEquals(schema, t.schema());
            assertEquals(1, t.getInt("a", 0));
            assertTrue(t.isNull("a", 1));
            // A wall clock without offset is read in the column's zone.
            assertEquals(Instant.parse("2024-01-01T09:00:00Z"), t.getInstant("b", 0));
        }
    }
}
