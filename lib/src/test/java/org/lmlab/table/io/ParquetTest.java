package org.lmlab.table.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lmlab.table.TableAssertions.assertSameContent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lmlab.table.ArrowLeakCheck;
import org.lmlab.table.Table;
import org.lmlab.table.TableTestData;

class ParquetTest {

    @RegisterExtension
    final ArrowLeakCheck arrow = new ArrowLeakCheck();
    private final BufferAllocator allocator = arrow.allocator();

    @TempDir
    Path dir;


    @Test
    void roundTripKeepsEveryValueAndNull() throws IOException {
        for (Parquet.Codec codec : Parquet.Codec.values()) {
            try (Table t = TableTestData.allTypes(allocator, 3000)) {
                Path file = dir.resolve("t-" + codec + ".parquet");
                Parquet.write(t, file, codec);
                try (Table back = Parquet.read(file, allocator)) {
                    assertSameContent(t, back);
                    assertEquals(file.toString(), back.source());
                }
            }
        }
    }

    @Test
    void notParquetNamesTheFileAndWhy() throws IOException {
        Path text = dir.resolve("notes.parquet");
        Files.writeString(text, "just some text, long enough");
        TableFormatException e = assertThrows(TableFormatException.class, () -> Parquet.read(text, allocator));
        assertEquals(text + " (offset 0): not a Parquet file: it does not start with the magic bytes PAR1",
                e.getMessage());

        Path tiny = dir.resolve("tiny.parquet");
        Files.writeString(tiny, "PAR1");
        e = assertThrows(TableFormatException.class, () -> Parquet.read(tiny, allocator));
        assertEquals(tiny + " (offset 0): not a Parquet file: only 4 bytes, fewer than the 12 that the magic bytes "
                + "and footer length take", e.getMessage());

        Path file = dir.resolve("t.parquet");
        try (Table t = TableTestData.allTypes(allocator, 100)) {
            Parquet.write(t, file);
        }
        byte[] bytes = Files.readAllBytes(file);
        Path truncated = dir.resolve("truncated.parquet");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 10));
        e = assertThrows(TableFormatException.class, () -> Parquet.read(truncated, allocator));
        assertEquals(truncated + " (offset " + (bytes.length - 14) + "): the Parquet file is truncated or corrupt: it "
                + "does not end with the magic bytes PAR1 after its footer (file size " + (bytes.length - 10)
                + " bytes)", e.getMessage());

        Path arrow = dir.resolve("t.arrow");
        try (Table t = TableTestData.allTypes(allocator, 10)) {
            ArrowIpc.writeFile(t, arrow, Compression.NONE);
        }
        e = assertThrows(TableFormatException.class, () -> Parquet.read(arrow, allocator));
        assertTrue(e.getMessage().endsWith("it is an Arrow IPC (Feather v2) file: read it as feather"
                + " (%table load PATH --format feather, or leave --format out; Java: Feather.read)"), e.getMessage());
    }

    @Test
    void corruptBodyIsReportedByDuckDbWithTheFileName() throws IOException {
        Path file = dir.resolve("t.parquet");
        try (Table t = TableTestData.allTypes(allocator, 100)) {
            Parquet.write(t, file, Parquet.Codec.UNCOMPRESSED);
        }
        byte[] bytes = Files.readAllBytes(file);
        // Keep both magics but damage the footer length, which DuckDB then rejects.
        bytes[bytes.length - 8] = (byte) 0x7f;
        bytes[bytes.length - 7] = (byte) 0x7f;
        Path damaged = dir.resolve("damaged.parquet");
        Files.write(damaged, bytes);
        TableFormatException e = assertThrows(TableFormatException.class, () -> Parquet.read(damaged, allocator));
        assertTrue(e.getMessage().startsWith(damaged + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
