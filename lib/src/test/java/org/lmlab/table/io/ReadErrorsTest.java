package org.lmlab.table.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.table.ArrowLeakCheck;
import org.lmlab.table.Table;

/** Issue 23 (7): read errors name the file, the line and column, and the option that fixes them. */
class ReadErrorsTest {

    @RegisterExtension
    final ArrowLeakCheck arrow = new ArrowLeakCheck();
    private final BufferAllocator allocator = arrow.allocator();

    @TempDir
    Path dir;

    @Test
    void invalidUtf8InACsvIsReportedWhereItIs() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("id,name\n".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 100; i++) {
            bytes.writeBytes((i + ",row" + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        bytes.writeBytes(new byte[] {'1', '0', '0', ',', 'c', 'a', 'f', (byte) 0xE9, '\n'});
        Path file = Files.write(dir.resolve("latin1.csv"), bytes.toByteArray());
        TableFormatException e = assertThrows(TableFormatException.class, () -> Csv.read(file, allocator));
        assertTrue(e.getMessage().startsWith(file + ":102:8: not valid UTF-8"), e.getMessage());
        assertTrue(e.getMessage().contains("0xe9") && e.getMessage().contains("--encoding"), e.getMessage());
        assertEquals(102, e.line());
        try (Table t = Csv.read(file, allocator, CsvOptions.defaults().withCharset(
                java.nio.charset.Charset.forName("windows-1252")))) {
            assertEquals("café", t.getString("name", 100));
        }
    }

    @Test
    void invalidUtf8InJsonLinesIsReportedWhereItIs() throws Exception {
        Path file = Files.write(dir.resolve("bad.jsonl"),
                new byte[] {'{', '"', 'a', '"', ':', '1', '}', '\n', '{', '"', 'a', '"', ':', '"', (byte) 0xE9, '"', '}'});
        TableFormatException e = assertThrows(TableFormatException.class, () -> JsonLines.read(file, allocator));
        assertTrue(e.getMessage().startsWith(file + ":2:7: not valid UTF-8"), e.getMessage());
    }

    @Test
    void aDuplicateJsonKeyIsAnErrorNamingLineAndKey() throws Exception {
        Path file = Files.writeString(dir.resolve("dup.jsonl"), "{\"a\": 1, \"b\": 2}\n{\"a\": 1, \"b\": 2, \"a\": 3}\n");
        TableFormatException e = assertThrows(TableFormatException.class, () -> JsonLines.read(file, allocator));
        assertTrue(e.getMessage().startsWith(file + ":2: key 'a' appears twice"), e.getMessage());
    }

    @Test
    void anEmptyJsonLinesFileIsAnError() throws Exception {
        for (String content : new String[] {"", "\n  \n"}) {
            Path file = Files.writeString(dir.resolve("empty.jsonl"), content);
            TableFormatException e = assertThrows(TableFormatException.class, () -> JsonLines.read(file, allocator));
            assertTrue(e.getMessage().startsWith(file + ": no JSON objects"), e.getMessage());
        }
    }

    @Test
    void aFeatherFileReadAsParquetPointsToTheFeatherFormat() throws Exception {
        Path file = dir.resolve("t.feather");
        try (Table t = Table.builder(allocator, "t").int64("x", new Long[] {1L}).build()) {
            Feather.write(t, file);
        }
        TableFormatException e = assertThrows(TableFormatException.class, () -> Parquet.read(file, allocator));
        assertTrue(e.getMessage().contains("--format feather"), e.getMessage());
    }

    @Test
    void repeatedParquetColumnsAreNamed() throws Exception {
        Path file = Path.of(getClass().getResource("duplicate-columns.parquet").toURI());
        TableFormatException e = assertThrows(TableFormatException.class, () -> Parquet.read(file, allocator));
        assertTrue(e.getMessage().contains("column names repeat: [loss]"), e.getMessage());
    }
}
