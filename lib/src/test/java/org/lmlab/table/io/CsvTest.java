package org.lmlab.table.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lmlab.table.TableAssertions.assertSameContent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lmlab.table.ArrowLeakCheck;
import org.lmlab.table.BatchReader;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.ColumnType;
import org.lmlab.table.Table;
import org.lmlab.table.TableSchema;

class CsvTest {

    @RegisterExtension
    final ArrowLeakCheck arrow = new ArrowLeakCheck();
    private final BufferAllocator allocator = arrow.allocator();

    @TempDir
    Path dir;


    private Path csv(String text) throws IOException {
        Path file = dir.resolve("data.csv");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void infersEveryTypeAndReadsNulls() throws IOException {
        Path file = csv("""
                i,f,b,s,d,t,z
                1,1.5,true,hello,2024-01-31,2024-01-31T10:00:00.123456,2024-01-31T10:00:00Z
                ,NaN,False,,2024-02-01,2024-01-31 11:30,2024-01-31T12:00:00+02:00
                -9223372036854775808,-1e-3,,"quoted, with ""quotes""
                and a newline",NA,,
                """);
        try (Table t = Csv.read(file, allocator)) {
            assertEquals(TableSchema.of(ColumnSchema.of("i", ColumnType.INT64), ColumnSchema.of("f", ColumnType.FLOAT64),
                    ColumnSchema.of("b", ColumnType.BOOL), ColumnSchema.of("s", ColumnType.UTF8),
                    ColumnSchema.of("d", ColumnType.DATE), ColumnSchema.timestamp("t", null),
                    ColumnSchema.timestamp("z", "UTC")), t.schema());
            assertEquals(3, t.rowCount());
            assertEquals(file.toString(), t.source());
            assertTrue(t.isNull("i", 1));
            assertEquals(Long.MIN_VALUE, t.getLong("i", 2));
            assertTrue(Double.isNaN(t.getDouble("f", 1)));
            assertEquals(-1e-3, t.getDouble("f", 2));
            assertEquals(false, t.getBoolean("b", 1));
            assertTrue(t.isNull("b", 2));
            assertNull(t.getString("s", 1));
            assertEquals("quoted, with \"quotes\"\nand a newline", t.getString("s", 2));
            assertEquals(LocalDate.of(2024, 2, 1), t.getDate("d", 1));
            assertTrue(t.isNull("d", 2));
            assertEquals(LocalDateTime.of(2024, 1, 31, 10, 0, 0, 123_456_000), t.getDateTime("t", 0));
            assertEquals(LocalDateTime.of(2024, 1, 31, 11, 30), t.getDateTime("t", 1));
            assertEquals(Instant.parse("2024-01-31T10:00:00Z"), t.getInstant("z", 0));
            assertEquals(Instant.parse("2024-01-31T10:00:00Z"), t.getInstant("z", 1));
        }
    }

    @Test
    void wrongFieldCountNamesFileAndLine() throws IOException {
        Path file = csv("a,b,c\n1,2,3\n\"multi\nline\",5,6\n7,8\n9,10,11\n");
        TableFormatException e = assertThrows(TableFormatException.class, () -> Csv.read(file, allocator));
        assertEquals(file + ":5: expected 3 fields (as in the header), found 2", e.getMessage());
        assertEquals(5, e.line());
    }

    @Test
    void wrongFieldCountAfterTheSampleAlsoNamesTheLine() throws IOException {
        StringBuilder text = new StringBuilder("a,b\n");
        for (int i = 0; i < 100; i++) {
            text.append(i).append(",x\n");
        }
        text.append("1,2,3\n");
        Path file = csv(text.toString());
        CsvOptions options = CsvOptions.defaults().withInferenceRows(10).withBatchRows(7);
        TableFormatException e = assertThrows(TableFormatException.class, () -> Csv.read(file, allocator, options));
        assertEquals(file + ":102: expected 2 fields (as in the header), found 3", e.getMessage());
    }

    @Test
    void unterminatedQuoteNamesTheLineItStarts() throws IOException {
        Path file = csv("a,b\n1,2\n3,\"open\n4,5\n");
        TableFormatException e = assertThrows(TableFormatException.class, () -> Csv.read(file, allocator));
        assertEquals(file + ":3: a quoted field opened on this line is never closed", e.getMessage());
    }

    @Test
    void valueThatDoesNotFitTheInferredTypeNamesLineColumnAndRemedy() throws IOException {
        StringBuilder text = new StringBuilder("n\n");
        for (int i = 0; i < 20; i++) {
            text.append(i).append('\n');
        }
        text.append("twenty\n");
        Path file = csv(text.toString());
        TableFormatException e = assertThrows(TableFormatException.class,
                () -> Csv.read(file, allocator, CsvOptions.defaults().withInferenceRows(5)));
        assertEquals(file + ":22: column 'n': 'twenty' is not int64 (type inferred from the first 5 records; "
                + "pass a schema in CsvOptions to choose it)", e.getMessage());
    }

    @Test
    void explicitSchemaOverridesInferenceByName() throws IOException {
        Path file = csv("id,score,label\n1,2,x\n2,,y\n");
        TableSchema schema = TableSchema.of(ColumnSchema.of("id", ColumnType.INT32),
                ColumnSchema.of("score", ColumnType.FLOAT32));
        try (Table t = Csv.read(file, allocator, CsvOptions.defaults().withSchema(schema))) {
            assertEquals(ColumnType.INT32, t.type("id"));
            assertEquals(ColumnType.FLOAT32, t.type("score"));
            assertEquals(ColumnType.UTF8, t.type("label"));
            assertEquals(2.0f, t.getFloat("score", 0));
            assertTrue(t.isNull("score", 1));
        }
        TableSchema unknown = TableSchema.of(ColumnSchema.of("nope", ColumnType.INT32));
        TableFormatException e = assertThrows(TableFormatException.class,
                () -> Csv.read(file, allocator, CsvOptions.defaults().withSchema(unknown)));
        assertEquals(file + ":1: the schema names column 'nope', which the header lacks; header columns: "
                + "[id, score, label]", e.getMessage());
    }

    @Test
    void noHeaderWithSchemaAndOtherDelimiter() throws IOException {
        Path file = csv("1;a\r\n2;b\r\n");
        TableSchema schema = TableSchema.of(ColumnSchema.of("n", ColumnType.INT32), ColumnSchema.of("s", ColumnType.UTF8));
        try (Table t = Csv.read(file, allocator, CsvOptions.defaults().withHeader(false).withDelimiter(';')
                .withSchema(schema))) {
            assertEquals(List.of("n", "s"), t.columnNames());
            assertEquals(2, t.getInt("n", 1));
            assertEquals("b", t.getString("s", 1));
        }
        try (Table t = Csv.read(file, allocator, CsvOptions.defaults().withHeader(false).withDelimiter(';'))) {
            assertEquals(List.of("f0", "f1"), t.columnNames());
        }
    }

    @Test
    void quotedEmptyStringIsAStringAndEmptyFieldIsNull() throws IOException {
        Path file = csv("s,n\n\"\",1\n,2\n\"NA\",3\n");
        try (Table t = Csv.read(file, allocator)) {
            assertEquals("", t.getString("s", 0));
            assertTrue(t.isNull("s", 1));
            assertEquals("NA", t.getString("s", 2));
        }
    }

    @Test
    void readsInBatchesWithTheSameSchema() throws IOException {
        StringBuilder text = new StringBuilder("x,y\n");
        for (int i = 0; i < 1000; i++) {
            text.append(i).append(',').append(i * 0.5).append('\n');
        }
        Path file = csv(text.toString());
        long total = 0;
        int batches = 0;
        try (BatchReader reader = Csv.open(file, allocator, CsvOptions.defaults().withBatchRows(300)
                .withInferenceRows(50))) {
            for (Table next; (next = reader.next()) != null; ) {
                try (Table batch = next) {
                    assertEquals(reader.schema(), batch.schema());
                    total += batch.rowCount();
                    batches++;
                    assertEquals(total - 1, batch.getLong("x", batch.rowCount() - 1));
                }
            }
        }
        assertEquals(1000, total);
        assertEquals(4, batches);
    }

    @Test
    void headerOnlyFileIsAnEmptyTableAndEmptyFileAnError() throws IOException {
        try (Table t = Csv.read(csv("a,b\n"), allocator)) {
            assertEquals(0, t.rowCount());
            assertEquals(List.of("a", "b"), t.columnNames());
        }
        Path empty = csv("");
        TableFormatException e = assertThrows(TableFormatException.class, () -> Csv.read(empty, allocator));
        assertEquals(empty + ":1: the file is empty; expected a header line", e.getMessage());
        Path missing = dir.resolve("missing.csv");
        TableFormatException m = assertThrows(TableFormatException.class, () -> Csv.read(missing, allocator));
        assertEquals(missing + ": no such file", m.getMessage());
    }

    @Test
    void writeThenReadKeepsValuesNullsAndEmptyStrings() throws IOException {
        try (Table t = Table.builder(allocator, "w")
                .int64("i", 1L, null, -5L)
                .float64("f", 0.1, Double.NaN, null)
                .bool("b", true, null, false)
                .utf8("s", "", null, "a,\"b\"\nc")
                .date("d", LocalDate.of(2020, 1, 1), null, LocalDate.of(1900, 12, 31))
                .timestamp("t", LocalDateTime.of(2020, 1, 1, 0, 0), null, LocalDateTime.of(2020, 1, 1, 0, 0, 1, 1000))
                .timestamp("z", "UTC", Instant.EPOCH, null, Instant.parse("2030-05-05T05:05:05.5Z"))
                .build()) {
            Path file = dir.resolve("out.csv");
            Csv.write(t, file);
            try (Table back = Csv.read(file, allocator)) {
                assertSameContent(t, back);
            }
        }
    }

    @Test
    void invalidUtf8NamesTheFile() throws IOException {
        Path file = dir.resolve("latin1.csv");
        Files.write(file, new byte[] {'a', '\n', (byte) 0xe9, '\n'});
        TableFormatException e = assertThrows(TableFormatException.class, () -> Csv.read(file, allocator));
        assertTrue(e.getMessage().startsWith(file + ":"), e.getMessage());
        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
    }
}
