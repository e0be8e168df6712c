package org.lmlab.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lmlab.table.io.ArrowIpc;
import org.lmlab.table.io.Compression;

/**
 * A table kept as several record batches (what reading a Parquet or multi-batch IPC file gives)
 * must answer every accessor exactly as the same rows in one piece do: random batch sizes,
 * empty batches, nulls in every column, slices across batch borders, and the join on demand.
 */
class BatchedTableTest {

    @RegisterExtension
    final ArrowLeakCheck arrow = new ArrowLeakCheck();
    private final BufferAllocator allocator = arrow.allocator();


    /** {@code rows} random rows of every column type, ~20 % nulls; the same seed gives the same rows. */
    static Table random(BufferAllocator allocator, String name, long seed, int rows) {
        Random r = new Random(seed);
        Integer[] ints = new Integer[rows];
        Long[] longs = new Long[rows];
        Double[] doubles = new Double[rows];
        Boolean[] bools = new Boolean[rows];
        String[] strings = new String[rows];
        java.time.LocalDate[] dates = new java.time.LocalDate[rows];
        for (int i = 0; i < rows; i++) {
            ints[i] = r.nextInt(5) == 0 ? null : r.nextInt();
            longs[i] = r.nextInt(5) == 0 ? null : r.nextLong();
            doubles[i] = r.nextInt(5) == 0 ? null : r.nextGaussian();
            bools[i] = r.nextInt(5) == 0 ? null : r.nextBoolean();
            strings[i] = r.nextInt(5) == 0 ? null : "s" + Integer.toString(r.nextInt(1 << 20), 36).repeat(r.nextInt(3));
            dates[i] = r.nextInt(5) == 0 ? null : java.time.LocalDate.ofEpochDay(r.nextInt(40000) - 20000);
        }
        return Table.builder(allocator, name).int32("i", ints).int64("l", longs).float64("d", doubles)
                .bool("b", bools).utf8("s", strings).date("dt", dates).build();
    }

    /** The rows of {@code whole} cut into batches of random sizes (some empty), joined without a copy. */
    private Table batched(Table whole, long seed) {
        Random r = new Random(seed);
        List<Table> parts = new ArrayList<>();
        int at = 0;
        while (at < whole.rowCount()) {
            int n = r.nextInt(4) == 0 ? 0 : Math.min(whole.rowCount() - at, 1 + r.nextInt(97));
            parts.add(whole.slice(at, n));
            at += n;
        }
        return Table.ofBatches(allocator, "batched", whole.schema(), parts);
    }

    private static void assertSameCells(Table expected, Table actual) {
        assertEquals(expected.rowCount(), actual.rowCount(), "rows");
        for (String c : expected.columnNames()) {
            assertEquals(expected.nullCount(c), actual.nullCount(c), "nulls of " + c);
            for (int row = 0; row < expected.rowCount(); row++) {
                assertEquals(expected.get(c, row), actual.get(c, row), c + " row " + row);
                assertEquals(expected.isNull(c, row), actual.isNull(c, row), c + " row " + row);
            }
        }
    }

    @Test
    void everyCellAndSliceMatchesTheSameRowsInOnePiece() {
        for (long seed = 1; seed <= 20; seed++) {
            try (Table whole = random(allocator, "whole", seed, 700); Table batched = batched(whole, seed)) {
                assertSameCells(whole, batched);
                Random r = new Random(seed);
                for (int k = 0; k < 25; k++) {
                    int offset = r.nextInt(whole.rowCount() + 1);
                    int length = r.nextInt(whole.rowCount() - offset + 1);
                    try (Table a = whole.slice(offset, length); Table b = batched.slice(offset, length)) {
                        assertSameCells(a, b);
                    }
                }
            }
        }
    }

    @Test
    void typedGettersFindTheRightBatch() {
        try (Table whole = random(allocator, "whole", 7, 300); Table batched = batched(whole, 7)) {
            for (int row = 0; row < whole.rowCount(); row++) {
                if (!whole.isNull("l", row)) {
                    assertEquals(whole.getLong("l", row), batched.getLong("l", row));
                }
                assertEquals(whole.getString("s", row), batched.getString("s", row));
                assertEquals(whole.getDate("dt", row), batched.getDate("dt", row));
            }
            assertThrows(IndexOutOfBoundsException.class, () -> batched.get("i", 300));
        }
    }

    @Test
    void contiguousVectorsJoinTheBatchesOnceAndFreeThem() {
        try (Table whole = random(allocator, "whole", 3, 500); Table batched = batched(whole, 3)) {
            int before = batched.batches().size();
            long held = batched.allocatedBytes();
            assertEquals(500, batched.arrow().getRowCount());
            assertEquals(1, batched.batches().size(), "joined into one batch (from " + before + ")");
            assertEquals(whole.vector("s").getValueCount(), batched.vector("s").getValueCount());
            assertSameCells(whole, batched);
            // The joined copy replaced the batches: memory of the same order, not both.
            assertEquals(true, batched.allocatedBytes() < 2 * held, batched.allocatedBytes() + " vs " + held);
        }
    }

    @Test
    void writersStreamTheBatchesWithoutJoiningThem(@TempDir Path dir) throws IOException {
        try (Table whole = random(allocator, "whole", 11, 400); Table batched = batched(whole, 11)) {
            int before = batched.batches().size();
            // Read back in parallel, batch by batch (decompressing LZ4 and ZSTD buffers on several threads).
            for (Compression compression : Compression.values()) {
                Path file = dir.resolve("batched-" + compression + ".arrow");
                ArrowIpc.writeFile(batched, file, compression, 37);
                assertEquals(before, batched.batches().size(), "writing must not join the batches");
                try (Table back = ArrowIpc.readFile(file, allocator)) {
                    assertEquals(true, back.batches().size() > 1, compression + ": " + back.batches().size());
                    assertSameCells(whole, back);
                }
                assertEquals(true, Files.size(file) > 0);
            }
        }
    }

    @Test
    void aCorruptBatchInAParallelReadNamesTheFileAndLeavesNothingOpen(@TempDir Path dir) throws IOException {
        try (Table whole = random(allocator, "whole", 5, 2000)) {
            Path file = dir.resolve("corrupt.arrow");
            ArrowIpc.writeFile(whole, file, Compression.LZ4, 100);
            byte[] bytes = Files.readAllBytes(file);
            java.util.Arrays.fill(bytes, bytes.length / 2, bytes.length / 2 + 400, (byte) 0x5a);
            Files.write(file, bytes);
            org.lmlab.table.io.TableFormatException e = org.junit.jupiter.api.Assertions.assertThrows(
                    org.lmlab.table.io.TableFormatException.class, () -> ArrowIpc.readFile(file, allocator).close());
            assertEquals(true, e.getMessage().startsWith(file.toString()), e.getMessage());
            assertEquals(true, e.getMessage().contains("record batch"), e.getMessage());
        }
    }
}
