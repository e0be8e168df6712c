package org.lmlab.table.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lmlab.table.TableAssertions.assertSameContent;

import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lmlab.table.BatchReader;
import org.lmlab.table.ColumnType;
import org.lmlab.table.Table;
import org.lmlab.table.TableTestData;

class SqlEngineTest {

    private final BufferAllocator allocator = new RootAllocator();
    private final SqlEngine engine = new SqlEngine(allocator);

    @AfterEach
    void noLeaks() {
        engine.close();
        assertEquals(0, allocator.getAllocatedMemory(), "leaked Arrow memory");
        assertTrue(allocator.getChildAllocators().isEmpty(), "open allocators: " + allocator.getChildAllocators());
        allocator.close();
    }

    @Test
    void registeredTableComesBackUnchanged() {
        try (Table t = TableTestData.allTypes(allocator, 2000)) {
            engine.register("t", t);
            try (Table back = engine.query("SELECT * FROM t")) {
                assertSameContent(t, back);
            }
        }
    }

    @Test
    void aggregatesJoinAndTypes() {
        try (Table runs = Table.builder(allocator, "runs").utf8("model", "a", "a", "b", null)
                .int64("tokens", 10L, 20L, 5L, 1L).float64("loss", 1.0, 3.0, null, 9.0).build();
             Table sizes = Table.builder(allocator, "sizes").utf8("model", "a", "b").int32("params", 100, 200).build()) {
            engine.register("runs", runs);
            engine.register("sizes", sizes);
            assertEquals(Set.of("runs", "sizes"), engine.tables());
            try (Table r = engine.query("""
                    SELECT r.model, s.params, sum(r.tokens) AS tokens, avg(r.loss) AS loss, count(*) AS n
                    FROM runs r JOIN sizes s USING (model) GROUP BY ALL ORDER BY r.model""")) {
                assertEquals(List.of("model", "params", "tokens", "loss", "n"), r.columnNames());
                assertEquals(ColumnType.INT64, r.type("tokens"), "HUGEINT sums read as int64");
                assertEquals(2, r.rowCount());
                assertEquals(30L, r.getLong("tokens", 0));
                assertEquals(2.0, r.getDouble("loss", 0));
                assertTrue(r.isNull("loss", 1));
                assertEquals(200, r.getInt("params", 1));
            }
        }
    }

    @Test
    void reRegisteringReplacesAndAFailedRegistrationLeavesTheOldTable() {
        try (Table one = Table.builder(allocator, "one").int32("x", 1).build();
             Table two = Table.builder(allocator, "two").int32("x", 1, 2).build()) {
            engine.register("t", one);
            engine.register("t", two);
            try (Table r = engine.query("SELECT count(*) AS n FROM t")) {
                assertEquals(2L, r.getLong("n", 0));
            }
            Table closed = Table.builder(allocator, "closed").int32("x", 1, 2, 3).build();
            closed.close();
            assertThrows(IllegalStateException.class, () -> engine.register("t", closed));
            try (Table r = engine.query("SELECT count(*) AS n FROM t");
                 Table all = engine.query("SELECT table_name FROM information_schema.tables ORDER BY 1")) {
                assertEquals(2L, r.getLong("n", 0));
                assertEquals(1, all.rowCount(), "no temporary table left behind");
            }
        }
    }

    @Test
    void errorsCarryDuckDbsReasonAndTheQuery() {
        SqlException e = assertThrows(SqlException.class, () -> engine.query("SELECT nope FROM missing"));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        assertTrue(e.getMessage().endsWith("in: SELECT nope FROM missing"), e.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> engine.query("SELECT INTERVAL 1 DAY AS span"));
        assertEquals("result column 'span' has SQL type INTERVAL, which tables do not hold; CAST it in the query "
                + "(e.g. to VARCHAR or DOUBLE)", type.getMessage());
        IllegalArgumentException u = assertThrows(IllegalArgumentException.class, () -> engine.unregister("x"));
        assertEquals("no registered table 'x'; registered: []", u.getMessage());
    }

    @Test
    void stringResultsKeepTheQuerysOrderAndNulls() {
        try (Table t = engine.query("SELECT CASE WHEN range % 10 = 0 THEN NULL ELSE 'v' || range END AS s, "
                + "range AS i FROM range(200000) ORDER BY range DESC;")) {
            assertEquals(200_000, t.rowCount());
            for (int r = 0; r < t.rowCount(); r++) {
                long i = 199_999 - r;
                assertEquals(i, t.getLong("i", r));
                assertEquals(i % 10 == 0 ? null : "v" + i, t.getString("s", r));
            }
        }
        try (Table t = engine.query("SELECT 'ünï ✓' AS s, NULL::VARCHAR AS n, 'a'::ENUM('a', 'b') AS e, "
                + "uuid() IS NOT NULL AS u")) {
            assertEquals("ünï ✓", t.getString("s", 0));
            assertTrue(t.isNull("n", 0));
            assertEquals("a", t.getString("e", 0));
        }
        try (Table t = engine.query("SHOW TABLES")) {
            assertEquals(List.of("name"), t.columnNames());
        }
    }

    @Test
    void streamsLargeResultsInBatches() throws Exception {
        int batches = 0;
        long rows = 0;
        try (BatchReader reader = engine.stream("SELECT range AS i, range * 0.5 AS h FROM range(250000)", 100_000)) {
            for (Table next; (next = reader.next()) != null; ) {
                try (Table batch = next) {
                    assertEquals(rows, batch.getLong("i", 0));
                    rows += batch.rowCount();
                    batches++;
                }
            }
        }
        assertEquals(250_000, rows);
        assertEquals(3, batches);
    }
}
