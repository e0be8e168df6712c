package org.lmlab.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TableTest {

    @RegisterExtension
    final ArrowLeakCheck arrow = new ArrowLeakCheck();
    private final BufferAllocator allocator = arrow.allocator();


    static Table sample(BufferAllocator allocator) {
        return Table.builder(allocator, "sample")
                .int32("i", 1, null, -3, Integer.MIN_VALUE)
                .int64("l", 10L, 20L, null, Long.MAX_VALUE)
                .float32("f", 1.5f, Float.NaN, null, -0.0f)
                .float64("d", 2.25, null, Double.NaN, Double.NEGATIVE_INFINITY)
                .bool("b", true, false, null, true)
                .utf8("s", "a", "", null, "ünï ✓")
                .date("dt", LocalDate.of(2024, 2, 29), null, LocalDate.of(1969, 12, 31), LocalDate.of(1, 1, 1))
                .timestamp("ts", LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000), null,
                        LocalDateTime.of(1960, 1, 1, 0, 0), LocalDateTime.of(2100, 12, 31, 23, 59, 59, 999_999_000))
                .timestamp("tz", "UTC", Instant.parse("2024-05-06T07:08:09.000001Z"), null, null,
                        Instant.parse("1900-01-01T00:00:00Z"))
                .build();
    }

    @Test
    void typedGettersReadWhatTheBuilderWrote() {
        try (Table t = sample(allocator)) {
            assertEquals(4, t.rowCount());
            assertEquals(List.of("i", "l", "f", "d", "b", "s", "dt", "ts", "tz"), t.columnNames());
            assertEquals(ColumnType.TIMESTAMP, t.type("tz"));
            assertEquals("timestamp[us, tz=UTC]", t.column("tz").typeName());
            assertEquals(Integer.MIN_VALUE, t.getInt("i", 3));
            assertTrue(t.isNull("i", 1));
            assertEquals(Long.MAX_VALUE, t.getLong("l", 3));
            assertTrue(Float.isNaN(t.getFloat("f", 1)));
            assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(t.getFloat("f", 3)));
            assertEquals(Double.NEGATIVE_INFINITY, t.getDouble("d", 3));
            assertFalse(t.getBoolean("b", 1));
            assertEquals("", t.getString("s", 1));
            assertNull(t.getString("s", 2));
            assertEquals("ünï ✓", t.getString("s", 3));
            assertEquals(LocalDate.of(1, 1, 1), t.getDate("dt", 3));
            assertEquals(LocalDateTime.of(1960, 1, 1, 0, 0), t.getDateTime("ts", 2));
            assertEquals(Instant.parse("2024-05-06T07:08:09.000001Z"), t.getInstant("tz", 0));
            assertEquals(Instant.parse("1900-01-01T00:00:00Z"), t.get("tz", 3));
            assertEquals(1, t.nullCount("i"));
            assertEquals(2, t.nullCount("tz"));
        }
    }

    @Test
    void wrongNamesTypesAndNullsSayWhatIsWrong() {
        try (Table t = sample(allocator)) {
            IllegalArgumentException name = assertThrows(IllegalArgumentException.class, () -> t.getInt("x", 0));
            assertEquals("table 'sample' has no column 'x'; columns: [i, l, f, d, b, s, dt, ts, tz]", name.getMessage());
            IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> t.getLong("d", 0));
            assertEquals("column 'd' of table 'sample' is float64, not int64; use getDouble", type.getMessage());
            IllegalStateException nul = assertThrows(IllegalStateException.class, () -> t.getInt("i", 1));
            assertTrue(nul.getMessage().startsWith("row 1 of column 'i' of table 'sample' is null"), nul.getMessage());
            IndexOutOfBoundsException row = assertThrows(IndexOutOfBoundsException.class, () -> t.getInt("i", 4));
            assertTrue(row.getMessage().contains("outside [0, 4)"), row.getMessage());
            assertThrows(IllegalArgumentException.class, () -> t.getInstant("ts", 0));
        }
    }

    @Test
    void closeIsIdempotentAndClosedTablesRefuseReads() {
        Table t = sample(allocator);
        assertTrue(t.allocatedBytes() > 0);
        t.close();
        t.close();
        assertTrue(t.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.getInt("i", 0));
        assertEquals("table 'sample' is closed", e.getMessage());
    }

    @Test
    void slicesShareBuffersAndOutliveTheirTable() {
        Table t = Table.builder(allocator, "big").int64("x", longs(0, 1000)).utf8("s", strings(1000)).build();
        long before = allocator.getAllocatedMemory();
        Table aligned = t.slice(64, 512);
        Table unaligned = t.slice(3, 10);
        Table empty = t.slice(1000, 0);
        // The aligned slice shares data and validity; only string offsets are rebuilt.
        long added = allocator.getAllocatedMemory() - before;
        assertTrue(added < 8 * 1000, "slices should not copy the int64 data; allocated " + added);
        t.close();
        assertEquals(64L, aligned.getLong("x", 0));
        assertEquals("s575", aligned.getString("s", 511));
        assertEquals(3L, unaligned.getLong("x", 0));
        assertEquals("s12", unaligned.getString("s", 9));
        assertEquals(0, empty.rowCount());
        assertEquals("big[64:576]", aligned.source());
        assertThrows(IndexOutOfBoundsException.class, () -> aligned.slice(500, 13));
        aligned.close();
        unaligned.close();
        empty.close();
    }

    @Test
    void builderChecksLengthsTypesAndNames() {
        TableBuilder b = Table.builder(allocator, "bad").int32("a", 1, 2).int32("b", 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertEquals("table 'bad': column 'b' has 1 values but 'a' has 2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Table.builder(allocator, "dup").int32("a").utf8("a"));
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> Table.builder(allocator, "t")
                .column(ColumnSchema.of("a", ColumnType.INT32), List.of("x")).build());
        assertTrue(type.getMessage().contains("column 'a' is int32 and takes Integer values, not java.lang.String"),
                type.getMessage());
    }

    @Test
    void adoptRejectsUnsupportedTypesAndFreesWhatItWasGiven() {
        BufferAllocator child = allocator.newChildAllocator("adopted", 0, Long.MAX_VALUE);
        org.apache.arrow.vector.SmallIntVector small = new org.apache.arrow.vector.SmallIntVector("s", child);
        small.allocateNew(4);
        VectorSchemaRoot root = VectorSchemaRoot.of(small);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Table.adopt(child, root));
        assertTrue(e.getMessage().startsWith("column 's' has Arrow type Int(16, true)"), e.getMessage());
        assertEquals(0, allocator.getAllocatedMemory());
        assertTrue(allocator.getChildAllocators().isEmpty());
    }

    @Test
    void adoptWrapsOwnVectors() {
        BufferAllocator child = allocator.newChildAllocator("mine", 0, Long.MAX_VALUE);
        IntVector v = new IntVector("n", child);
        v.allocateNew(2);
        v.set(0, 7);
        v.setNull(1);
        v.setValueCount(2);
        try (Table t = Table.adopt(child, VectorSchemaRoot.of(v))) {
            assertEquals(7, t.getInt("n", 0));
            assertTrue(t.isNull("n", 1));
        }
    }

    private static Long[] longs(long from, int n) {
        Long[] values = new Long[n];
        for (int i = 0; i < n; i++) {
            values[i] = from + i;
        }
        return values;
    }

    private static String[] strings(int n) {
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
            values[i] = "s" + i;
        }
        return values;
    }
}
