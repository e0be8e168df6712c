package org.lmlab.table.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lmlab.table.TableAssertions.assertSameContent;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lmlab.table.ArrowLeakCheck;
import org.lmlab.table.BatchReader;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.ColumnType;
import org.lmlab.table.Table;
import org.lmlab.table.TableTestData;

class SqlEngineTest {

    @RegisterExtension
    final ArrowLeakCheck arrow = new ArrowLeakCheck();
    private final BufferAllocator allocator = arrow.allocator();
    private final SqlEngine engine = new SqlEngine(allocator);

    @AfterEach
    void closeEngine() {
        engine.close();
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
    void queryRefusesAStatementThatReturnsNoRowsBeforeRunningIt() {
        // DuckDB JDBC's executeQuery used to run DDL and only then complain (issue 23).
        for (SqlEngine e : List.of(engine, new SqlEngine(allocator, false))) {
            try (e) {
                SqlRefusedException refused = assertThrows(SqlRefusedException.class,
                        () -> e.query("CREATE TABLE made AS SELECT 1 AS x"));
                assertTrue(refused.getMessage().contains("not a query"), refused.getMessage());
                assertTrue(e.returnsRows("SELECT 1"));
                assertFalse(e.returnsRows("CREATE TABLE made AS SELECT 1 AS x"));
                try (Table tables = e.query("SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'made'")) {
                    assertEquals(0L, tables.getLong("n", 0));
                }
            }
        }
    }

    @Test
    void theJdbcFallbackGivesTheSameTablesAsTheArrowExchange() {
        try (Table t = TableTestData.allTypes(allocator, 2000);
             SqlEngine jdbc = new SqlEngine(allocator, false)) {
            assertFalse(jdbc.exchangesArrow());
            jdbc.register("t", t);
            engine.register("t", t);
            try (Table viaJdbc = jdbc.query("SELECT * FROM t");
                 Table viaArrow = engine.query("SELECT * FROM t")) {
                assertSameContent(t, viaJdbc);
                assertSameContent(viaJdbc, viaArrow);
            }
        }
    }

    @Test
    void usesTheArrowExchangeExactlyWhenArrowCDataIsOnTheClassPath() {
        boolean onClassPath;
        try {
            Class.forName("org.apache.arrow.c.Data");
            onClassPath = true;
        } catch (ClassNotFoundException e) {
            onClassPath = false;
        }
        assertEquals(onClassPath, engine.exchangesArrow(), String.valueOf(ArrowExchange.unavailableReason()));
    }

    @Test
    void slicesZonesAndManyBatchesCrossUnchanged() {
        int rows = 300_001;
        List<Object> at = new ArrayList<>();
        List<Object> tag = new ArrayList<>();
        List<Object> x = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            at.add(r % 5 == 0 ? null : Instant.parse("2024-10-27T00:30:00Z").plusSeconds(r * 61L).plusNanos(r % 1000 * 1000L));
            tag.add(r % 3 == 0 ? null : "t" + (r % 100));
            x.add(r % 7 == 0 ? null : r * 0.25);
        }
        try (Table t = Table.builder(allocator, "zoned")
                .column(ColumnSchema.timestamp("at", "Europe/Berlin"), at)
                .column(ColumnSchema.of("tag", ColumnType.UTF8), tag)
                .column(ColumnSchema.of("x", ColumnType.FLOAT64), x).build();
             Table slice = t.slice(3, rows - 10)) {
            engine.register("s", slice);
            try (Table back = engine.query("SELECT * FROM s")) {
                assertEquals("UTC", back.column("at").timeZone(), "TIMESTAMPTZ comes back in UTC");
                assertEquals(slice.rowCount(), back.rowCount());
                for (int r = 0; r < back.rowCount(); r++) {
                    assertEquals(slice.get("at", r), back.get("at", r), "row " + r);
                    assertEquals(slice.get("tag", r), back.get("tag", r), "row " + r);
                    assertEquals(slice.get("x", r), back.get("x", r), "row " + r);
                }
            }
            double sum = 0;
            int nulls = 0;
            for (int r = 0; r < slice.rowCount(); r++) {
                if (slice.isNull("x", r)) {
                    nulls++;
                } else {
                    sum += slice.getDouble("x", r);
                }
            }
            try (Table agg = engine.query("SELECT sum(x) AS s, count(*) - count(x) AS nulls FROM s")) {
                assertEquals(sum, agg.getDouble("s", 0), 1e-6 * sum);
                assertEquals(nulls, agg.getLong("nulls", 0));
            }
        }
    }

    @Test
    void arrowResultTypesConvertExactly() {
        try (Table t = engine.query("SELECT 200::UTINYINT AS u8, 4000000000::UINTEGER AS u32, "
                + "9223372036854775807::UBIGINT AS u64, TIMESTAMP_NS '2024-01-02 03:04:05.123456' AS ns, "
                + "TIMESTAMP_S '2024-01-02 03:04:05' AS sec, TIMESTAMPTZ '2024-01-02 03:04:05.5+02' AS tz, "
                + "NULL::TIMESTAMP AS nothing, DATE '1900-01-01' AS d, 'b'::ENUM('a', 'b') AS e")) {
            assertEquals(ColumnType.INT32, t.type("u8"));
            assertEquals(200, t.getInt("u8", 0));
            assertEquals(4_000_000_000L, t.getLong("u32", 0));
            assertEquals(Long.MAX_VALUE, t.getLong("u64", 0));
            assertEquals(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000), t.get("ns", 0));
            assertEquals(LocalDateTime.of(2024, 1, 2, 3, 4, 5), t.get("sec", 0));
            assertEquals(Instant.parse("2024-01-02T01:04:05.500Z"), t.get("tz", 0));
            assertTrue(t.isNull("nothing", 0));
            assertEquals(LocalDate.of(1900, 1, 1), t.get("d", 0));
            assertEquals("b", t.get("e", 0));
        }
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> engine.query("SELECT 18446744073709551615::UBIGINT AS huge"));
        assertTrue(big.getMessage().contains("'huge'") && big.getMessage().contains("beyond int64"), big.getMessage());
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
