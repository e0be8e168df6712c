package org.lmlab.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lmlab.table.TableAssertions.assertSameContent;

import java.time.Instant;
import java.time.LocalDateTime;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;

class TablesawConverterTest {

    private static final RandomTables.Limits TABLESAW_SAFE = new RandomTables.Limits(false, false, false);

    @RegisterExtension
    final ArrowLeakCheck arrow = new ArrowLeakCheck();
    private final BufferAllocator allocator = arrow.allocator();


    /** Property: Arrow → Tablesaw → Arrow keeps every value, null and type, for random tables. */
    @Test
    void roundTripKeepsEveryValueAndNull() {
        long seed = 20240601L;
        RandomTables tables = new RandomTables(seed);
        int cells = 0;
        for (int iteration = 0; iteration < 400; iteration++) {
            try (Table original = tables.next(allocator, "random-" + iteration, 200, TABLESAW_SAFE)) {
                tech.tablesaw.api.Table ts = TablesawConverter.toTablesaw(original);
                try (Table back = TablesawConverter.toArrow(ts, allocator, "back", original.schema())) {
                    assertSameContent(original, back);
                } catch (AssertionError e) {
                    throw new AssertionError("seed " + seed + " iteration " + iteration + ", schema "
                            + original.schema() + ": " + e.getMessage(), e);
                }
                for (String name : original.columnNames()) {
                    assertEquals(original.nullCount(name), ts.column(name).countMissing() - nanCount(original, name),
                            "nulls of " + name);
                }
                cells += original.rowCount() * original.columnCount();
            }
        }
        assertTrue(cells > 100_000, "the property should cover many cells, covered " + cells);
    }

    @Test
    void genuineNanStaysAValueAndNullStaysNull() {
        try (Table t = Table.builder(allocator, "nan").float64("x", Double.NaN, null, 1.0)
                .float32("y", Float.NaN, null, 2f).build()) {
            tech.tablesaw.api.Table ts = TablesawConverter.toTablesaw(t);
            // Inside Tablesaw both count as missing: that is Tablesaw's model.
            assertEquals(2, ts.doubleColumn("x").countMissing());
            try (Table back = TablesawConverter.toArrow(ts, allocator, "back")) {
                assertTrue(Double.isNaN(back.getDouble("x", 0)));
                assertTrue(back.isNull("x", 1));
                assertTrue(Float.isNaN(back.getFloat("y", 0)));
                assertTrue(back.isNull("y", 1));
            }
        }
    }

    @Test
    void tablesawOperationsKeepTheNanMarker() {
        try (Table t = Table.builder(allocator, "ops").utf8("k", "a", "b", "a", "b")
                .float64("x", Double.NaN, 3.0, null, 1.0).build()) {
            tech.tablesaw.api.Table sorted = TablesawConverter.toTablesaw(t).sortDescendingOn("k");
            try (Table back = TablesawConverter.toArrow(sorted, allocator, "sorted")) {
                assertEquals("b", back.getString("k", 0));
                int nan = back.getString("k", 2).equals("a") && !back.isNull("x", 2) ? 2 : 3;
                assertTrue(Double.isNaN(back.getDouble("x", nan)));
                assertEquals(1, back.nullCount("x"));
            }
        }
    }

    @Test
    void int32MinValueWidensAndComesBackAsInt32WithTheSchema() {
        try (Table t = Table.builder(allocator, "min").int32("i", Integer.MIN_VALUE, null, 5).build()) {
            tech.tablesaw.api.Table ts = TablesawConverter.toTablesaw(t);
            assertTrue(ts.column("i") instanceof LongColumn);
            try (Table plain = TablesawConverter.toArrow(ts, allocator, "plain");
                 Table typed = TablesawConverter.toArrow(ts, allocator, "typed", t.schema())) {
                assertEquals(ColumnType.INT64, plain.type("i"));
                assertEquals((long) Integer.MIN_VALUE, plain.getLong("i", 0));
                assertSameContent(t, typed);
            }
        }
        try (Table t = Table.builder(allocator, "plain").int32("i", 1, null).build()) {
            assertTrue(TablesawConverter.toTablesaw(t).column("i") instanceof IntColumn);
        }
    }

    @Test
    void whatTablesawCannotHoldIsRejectedWithColumnAndRow() {
        try (Table t = Table.builder(allocator, "long").int64("l", 1L, Long.MIN_VALUE).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TablesawConverter.toTablesaw(t));
            assertEquals("column 'l' row 1 holds Long.MIN_VALUE, which a Tablesaw column cannot hold: "
                    + "Tablesaw uses it for missing longs", e.getMessage());
        }
        try (Table t = Table.builder(allocator, "us")
                .timestamp("t", LocalDateTime.of(2024, 1, 1, 0, 0, 0, 1000)).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TablesawConverter.toTablesaw(t));
            assertTrue(e.getMessage().startsWith("column 't' row 0 holds 2024-01-01T00:00:00.000001"), e.getMessage());
        }
    }

    @Test
    void emptyStringsBecomeNullThatIsTheDocumentedLoss() {
        try (Table t = Table.builder(allocator, "s").utf8("s", "", null, "x").build();
             Table back = TablesawConverter.toArrow(TablesawConverter.toTablesaw(t), allocator, "back")) {
            assertNull(back.getString("s", 0));
            assertNull(back.getString("s", 1));
            assertEquals("x", back.getString("s", 2));
        }
    }

    @Test
    void zonesComeBackFromTheSchemaOrAsUtc() {
        Instant at = Instant.parse("2024-03-04T05:06:07.008Z");
        try (Table t = Table.builder(allocator, "tz").timestamp("t", "Asia/Tokyo", at, null).build()) {
            tech.tablesaw.api.Table ts = TablesawConverter.toTablesaw(t);
            try (Table plain = TablesawConverter.toArrow(ts, allocator, "plain");
                 Table typed = TablesawConverter.toArrow(ts, allocator, "typed", t.schema())) {
                assertEquals("UTC", plain.column("t").timeZone());
                assertEquals(at, plain.getInstant("t", 0));
                assertSameContent(t, typed);
            }
        }
    }

    @Test
    void tablesawNativeMissingValuesBecomeNulls() {
        tech.tablesaw.api.Table ts = tech.tablesaw.api.Table.create("native",
                DoubleColumn.create("d", 1.5, Double.NaN), IntColumn.create("i", 3, Integer.MIN_VALUE));
        try (Table t = TablesawConverter.toArrow(ts, allocator, "native")) {
            assertEquals(1.5, t.getDouble("d", 0));
            assertTrue(t.isNull("d", 1));
            assertTrue(t.isNull("i", 1));
        }
    }

    private static int nanCount(Table t, String column) {
        ColumnType type = t.type(column);
        int n = 0;
        for (int r = 0; r < t.rowCount(); r++) {
            Object v = t.get(column, r);
            if (type == ColumnType.FLOAT64 && v != null && Double.isNaN((Double) v)
                    || type == ColumnType.FLOAT32 && v != null && Float.isNaN((Float) v)) {
                n++;
            }
        }
        return n;
    }
}
