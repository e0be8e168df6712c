package org.lmlab.table.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.reference.PythonReference;
import org.lmlab.table.BatchReader;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.ColumnType;
import org.lmlab.table.Table;
import org.lmlab.table.TableSchema;
import org.lmlab.table.TableTestData;

/**
 * Side by side with pyarrow in the project's Python environment: files pyarrow writes read back
 * equal in lmlab, and files lmlab writes read back equal in pyarrow. "Equal" is exact: the same
 * column types (by pyarrow's names), the same nulls, and every value identical (floats bit for
 * bit, any NaN matching any NaN).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PyArrowInteropTest {

    private final BufferAllocator allocator = new RootAllocator();

    private Path dir;

    private Path fromPyarrow;
    private JsonObject expected;
    private Path dumpScript;

    @BeforeAll
    void pyarrowWritesItsFiles(@TempDir Path temporary) throws Exception {
        dir = temporary;
        dumpScript = resource("arrow_dump.py");
        fromPyarrow = Files.createDirectories(dir.resolve("pyarrow"));
        PythonReference.run(Files.readString(resource("pyarrow_writes.py")), dumpScript.toString(),
                fromPyarrow.toString());
        expected = JsonParser.parseString(Files.readString(fromPyarrow.resolve("expected.json"))).getAsJsonObject();
    }

    @AfterAll
    void noLeaks() {
        assertEquals(0, allocator.getAllocatedMemory(), "leaked Arrow memory");
        allocator.close();
    }

    @Test
    void filesPyarrowWroteReadBackEqual() throws IOException {
        JsonObject table = expected.getAsJsonObject("table");
        long cells = 0;
        for (String name : List.of("uncompressed.feather", "lz4.feather", "zstd.feather", "batches.arrow")) {
            try (Table t = ArrowIpc.readFile(fromPyarrow.resolve(name), allocator)) {
                cells += ArrowDump.assertEqualsDump(table, t, name);
            }
        }
        try (Table t = ArrowIpc.readStream(fromPyarrow.resolve("batches.arrows"), allocator)) {
            cells += ArrowDump.assertEqualsDump(table, t, "batches.arrows");
        }
        try (Table t = Parquet.read(fromPyarrow.resolve("dictionary.parquet"), allocator)) {
            cells += ArrowDump.assertEqualsDump(table, t, "dictionary.parquet");
        }
        assertEquals(6L * 2500 * 9, cells);
    }

    @Test
    void pyarrowTypesConvertExactlyOnReading() throws IOException {
        try (Table t = Feather.read(fromPyarrow.resolve("others.feather"), allocator)) {
            ArrowDump.assertEqualsDump(expected.getAsJsonObject("others"), t, "others.feather");
        }
        TableFormatException e = assertThrows(TableFormatException.class,
                () -> Feather.read(fromPyarrow.resolve("sub_micro.feather"), allocator));
        assertTrue(e.getMessage().contains("column 'ns' row 1 is a nanosecond timestamp with sub-microsecond digits"),
                e.getMessage());
        assertTrue(e.getMessage().startsWith(fromPyarrow.resolve("sub_micro.feather") + " (offset "), e.getMessage());
    }

    /** Issue 14: categorical columns in Parquet read as their values, equal to pyarrow's reading. */
    @Test
    void parquetDictionaryColumnsReadAsTheirValues() throws IOException {
        long cells = 0;
        for (String name : List.of("categorical", "pandas_categorical")) {
            Path file = fromPyarrow.resolve(name + ".parquet");
            try (Table t = Parquet.read(file, allocator)) {
                cells += ArrowDump.assertEqualsDump(expected.getAsJsonObject(name), t, name);
            }
            try (BatchReader reader = Parquet.open(file, allocator, 500)) {
                for (Table next; (next = reader.next()) != null; ) {
                    next.close();
                }
            }
        }
        assertEquals(2300L * 3 + 1500L * 2, cells);
        try (Table t = Parquet.read(fromPyarrow.resolve("categorical.parquet"), allocator)) {
            assertEquals(ColumnType.UTF8, t.schema().column("cat").type());
            assertEquals(ColumnType.INT64, t.schema().column("level").type());
        }
    }

    @Test
    void pyarrowCsvReadsBackEqualToWhatItWrote() throws IOException {
        JsonObject table = expected.getAsJsonObject("table").deepCopy();
        table.getAsJsonArray("columns").asList().removeIf(c -> !List.of("i64", "f64", "bool", "date")
                .contains(c.getAsJsonObject().get("name").getAsString()));
        try (Table t = Csv.read(fromPyarrow.resolve("pyarrow.csv"), allocator)) {
            ArrowDump.assertEqualsDump(table, t, "pyarrow.csv");
        }
    }

    @Test
    void parquetAndFeatherStreamInBatches() throws IOException {
        int rows = 0;
        try (BatchReader reader = Parquet.open(fromPyarrow.resolve("dictionary.parquet"), allocator, 1000)) {
            assertEquals(ColumnType.UTF8, reader.schema().column("utf8").type());
            for (Table next; (next = reader.next()) != null; ) {
                try (Table batch = next) {
                    rows += batch.rowCount();
                }
            }
        }
        assertEquals(2500, rows);
    }

    @Test
    void filesLmlabWroteReadBackEqualInPyarrow() throws Exception {
        Path out = Files.createDirectories(dir.resolve("lmlab"));
        try (Table t = TableTestData.allTypes(allocator, 5000);
             Table paris = Table.builder(allocator, "paris")
                     .timestamp("at", "Europe/Paris", Instant.parse("2024-03-31T00:59:59.999999Z"), null,
                             Instant.parse("2024-10-27T01:00:00Z"))
                     .utf8("note", "before the switch", null, "after").build()) {
            Feather.write(t, out.resolve("none.feather"), Compression.NONE);
            Feather.write(t, out.resolve("lz4.feather"), Compression.LZ4);
            Feather.write(t, out.resolve("zstd.feather"), Compression.ZSTD);
            ArrowIpc.writeStream(t, out.resolve("stream.arrows"), Compression.ZSTD);
            Parquet.write(t, out.resolve("snappy.parquet"));
            Parquet.write(t, out.resolve("zstd.parquet"), Parquet.Codec.ZSTD);
            Feather.write(paris, out.resolve("paris.feather"));

            String json = PythonReference.run(Files.readString(resource("pyarrow_reads.py")), dumpScript.toString(),
                    out.toString());
            JsonObject read = JsonParser.parseString(json).getAsJsonObject();
            assertEquals(7, read.size(), "pyarrow read every file: " + read.keySet());
            for (String name : List.of("none.feather", "lz4.feather", "zstd.feather", "stream.arrows",
                    "snappy.parquet", "zstd.parquet")) {
                ArrowDump.assertEqualsDump(read.getAsJsonObject(name), t, name);
            }
            ArrowDump.assertEqualsDump(read.getAsJsonObject("paris.feather"), paris, "paris.feather");
            assertEquals(TableSchema.of(ColumnSchema.timestamp("at", "Europe/Paris"), ColumnSchema.of("note",
                    ColumnType.UTF8)), paris.schema());
        }
    }

    @Test
    void jsonLinesLmlabWroteReadBackEqualInPyarrowAndPandas() throws Exception {
        try (Table t = TableTestData.allTypes(allocator, 3000)) {
            Path file = dir.resolve("lmlab.jsonl");
            JsonLines.write(t, file);
            com.google.gson.JsonArray columns = new com.google.gson.JsonArray();
            for (ColumnSchema c : t.schema().columns()) {
                com.google.gson.JsonArray pair = new com.google.gson.JsonArray();
                pair.add(c.name());
                pair.add(ArrowDump.pyarrowType(c));
                columns.add(pair);
            }
            JsonObject read = JsonParser.parseString(PythonReference.run(Files.readString(resource("jsonl_reads.py")),
                    dumpScript.toString(), file.toString(), columns.toString(), "utf8")).getAsJsonObject();
            assertEquals(3000L * 9, ArrowDump.assertEqualsDump(read.getAsJsonObject("pyarrow"), t, "lmlab.jsonl"));
            assertEquals(t.rowCount(), read.get("pandas_rows").getAsInt());
            List<String> strings = new java.util.ArrayList<>();
            read.getAsJsonArray("pandas_strings").forEach(v -> strings.add(v.isJsonNull() ? null : v.getAsString()));
            for (int r = 0; r < t.rowCount(); r++) {
                assertEquals(t.getString("utf8", r), strings.get(r), "pandas, utf8 row " + r);
            }
            // And lmlab reads its own file back exactly, given the schema (inference would widen int32/float32).
            try (Table back = JsonLines.read(file, allocator, JsonLinesOptions.defaults().withSchema(t.schema()))) {
                org.lmlab.table.TableAssertions.assertSameContent(t, back);
            }
        }
    }

    private Path resource(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/table/" + name)) {
            Files.writeString(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        return file;
    }
}
