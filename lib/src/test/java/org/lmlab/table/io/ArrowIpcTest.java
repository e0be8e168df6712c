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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lmlab.table.ArrowLeakCheck;
import org.lmlab.table.BatchReader;
import org.lmlab.table.Table;
import org.lmlab.table.TableTestData;

class ArrowIpcTest {

    @RegisterExtension
    final ArrowLeakCheck arrow = new ArrowLeakCheck();
    private final BufferAllocator allocator = arrow.allocator();

    @TempDir
    Path dir;


    @ParameterizedTest
    @EnumSource(Compression.class)
    void fileAndStreamRoundTripEveryTypeAndNull(Compression compression) throws IOException {
        try (Table t = TableTestData.allTypes(allocator, 1000)) {
            Path file = dir.resolve("t.arrow");
            ArrowIpc.writeFile(t, file, compression);
            try (Table back = ArrowIpc.readFile(file, allocator)) {
                assertSameContent(t, back);
                assertEquals(file.toString(), back.source());
            }
            Path stream = dir.resolve("t.arrows");
            ArrowIpc.writeStream(t, stream, compression);
            try (Table back = ArrowIpc.readStream(stream, allocator)) {
                assertSameContent(t, back);
            }
        }
    }

    @Test
    void aMappedTableOutlivesItsReaderAndTheFileBeingReplacedOrDeleted() throws IOException {
        Path file = dir.resolve("mapped.arrow");
        try (Table original = TableTestData.allTypes(allocator, 5000);
             Table other = TableTestData.allTypes(allocator, 10)) {
            ArrowIpc.writeFile(original, file, Compression.NONE);
            try (Table mapped = ArrowIpc.readFile(file, allocator)) {
                ArrowIpc.writeFile(other, file, Compression.NONE);
                assertSameContent(original, mapped);
                Files.delete(file);
                try (Table slice = mapped.slice(1001, 2000);
                     Table expected = original.slice(1001, 2000)) {
                    assertSameContent(expected, slice);
                }
            }
        }
    }

    @Test
    void largeTablesAreWrittenAndReadInBatches() throws IOException {
        try (Table t = TableTestData.allTypes(allocator, 3 * 1000 + 17)) {
            Path file = dir.resolve("big.feather");
            Feather.write(t, file, Compression.ZSTD, 1000);
            int batches = 0;
            try (BatchReader reader = Feather.open(file, allocator)) {
                for (Table next; (next = reader.next()) != null; ) {
                    try (Table batch = next) {
                        assertEquals(t.schema(), batch.schema());
                        batches++;
                    }
                }
            }
            assertEquals(4, batches);
            try (Table back = Feather.read(file, allocator)) {
                assertSameContent(t, back);
            }
        }
    }

    @Test
    void unalignedBatchesRoundTrip() throws IOException {
        try (Table t = TableTestData.allTypes(allocator, 1000)) {
            Path file = dir.resolve("odd.arrows");
            ArrowIpc.writeStream(t, file, Compression.LZ4, 333);
            try (Table back = ArrowIpc.readStream(file, allocator)) {
                assertSameContent(t, back);
            }
        }
    }

    @Test
    void emptyTableRoundTrips() throws IOException {
        try (Table t = TableTestData.allTypes(allocator, 0)) {
            Path file = dir.resolve("empty.arrow");
            ArrowIpc.writeFile(t, file, Compression.NONE);
            try (Table back = ArrowIpc.readFile(file, allocator)) {
                assertSameContent(t, back);
            }
        }
    }

    @Test
    void truncatedFileNamesFileAndOffsetAndLeavesNothingAllocated() throws IOException {
        Path file = dir.resolve("t.arrow");
        try (Table t = TableTestData.allTypes(allocator, 500)) {
            ArrowIpc.writeFile(t, file, Compression.NONE);
        }
        byte[] bytes = Files.readAllBytes(file);
        Path truncated = dir.resolve("truncated.arrow");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        TableFormatException e = assertThrows(TableFormatException.class, () -> ArrowIpc.readFile(truncated, allocator));
        assertEquals(truncated + " (offset " + (bytes.length / 2 - 6) + "): the file is truncated: a complete Arrow "
                + "IPC file ends with a footer and the magic bytes ARROW1, which are missing (file size "
                + bytes.length / 2 + " bytes)", e.getMessage());
        assertEquals(bytes.length / 2 - 6, e.offset());
    }

    @Test
    void truncatedStreamNamesTheOffsetOfTheBrokenBatch() throws IOException {
        Path file = dir.resolve("t.arrows");
        try (Table t = TableTestData.allTypes(allocator, 500)) {
            ArrowIpc.writeStream(t, file, Compression.NONE);
        }
        byte[] bytes = Files.readAllBytes(file);
        Path truncated = dir.resolve("truncated.arrows");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 100));
        TableFormatException e = assertThrows(TableFormatException.class,
                () -> ArrowIpc.readStream(truncated, allocator));
        assertTrue(e.getMessage().startsWith(truncated + " (offset "), e.getMessage());
        assertTrue(e.getMessage().contains("record batch 0 is truncated or corrupt"), e.getMessage());
        assertTrue(e.offset() > 0 && e.offset() < bytes.length, "offset " + e.offset());
    }

    @Test
    void otherFormatsAreRecognisedByTheirMagic() throws IOException {
        Path parquet = dir.resolve("x.arrow");
        Files.write(parquet, "PAR1 not really".getBytes());
        TableFormatException e = assertThrows(TableFormatException.class, () -> ArrowIpc.readFile(parquet, allocator));
        assertEquals(parquet + " (offset 0): this is a Parquet file, not an Arrow IPC file; read it with Parquet.read",
                e.getMessage());
        Path stream = dir.resolve("s.arrow");
        try (Table t = TableTestData.allTypes(allocator, 3)) {
            ArrowIpc.writeStream(t, stream, Compression.NONE);
        }
        e = assertThrows(TableFormatException.class, () -> ArrowIpc.readFile(stream, allocator));
        assertTrue(e.getMessage().endsWith("this is an Arrow IPC stream, not a file; read it with ArrowIpc.readStream"));
        Path text = dir.resolve("t.arrow");
        Files.writeString(text, "hello");
        e = assertThrows(TableFormatException.class, () -> ArrowIpc.readFile(text, allocator));
        assertTrue(e.getMessage().contains("does not start with the magic bytes ARROW1"), e.getMessage());
    }

    @Test
    void writingIntoAMissingDirectoryNamesIt() throws IOException {
        Path file = dir.resolve("missing").resolve("t.arrow");
        try (Table t = TableTestData.allTypes(allocator, 3)) {
            TableFormatException e = assertThrows(TableFormatException.class,
                    () -> ArrowIpc.writeFile(t, file, Compression.NONE));
            assertEquals(file + ": cannot write: the directory " + file.getParent() + " does not exist",
                    e.getMessage());
        }
    }

    @Test
    void failedWriteLeavesNoFile() throws IOException {
        Path file = dir.resolve("never.arrow");
        Table closed = TableTestData.allTypes(allocator, 3);
        closed.close();
        assertThrows(IllegalStateException.class, () -> ArrowIpc.writeFile(closed, file, Compression.NONE));
        assertFalse(Files.exists(file));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "no temporary files left");
        }
    }
}
