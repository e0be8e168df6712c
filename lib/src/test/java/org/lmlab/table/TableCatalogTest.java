package org.lmlab.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.table.sql.SqlEffect;
import org.lmlab.table.sql.SqlRefusedException;
import org.lmlab.table.sql.SqlRun;

/** Issue 23: SQL that is not a query either runs through the catalog or is refused; the catalog and DuckDB agree. */
class TableCatalogTest {

    private final TableCatalog catalog = new TableCatalog();

    @TempDir
    Path dir;

    @BeforeEach
    void load() {
        catalog.put("runs", Table.builder(catalog.allocator(), "runs")
                .int64("params", new Long[] {10L, 20L, 30L}).float64("loss", new Double[] {3.0, 2.0, 1.0}).build());
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    private long count(String table) {
        try (Table t = catalog.query("SELECT count(*) AS n FROM " + table)) {
            return t.getLong("n", 0);
        }
    }

    @Test
    void dropTableRemovesItFromTheCatalogAndDuckDb() {
        assertEquals(3, count("runs"));
        SqlRun run = catalog.run("DROP TABLE runs");
        assertEquals(List.of(new SqlEffect.Dropped("runs")), run.effects());
        assertEquals("dropped table runs", run.effects().get(0).message());
        assertNull(run.result());
        assertFalse(catalog.contains("runs"));
        // Loading the name again works: DuckDB no longer holds a stale copy.
        catalog.put("runs", Table.builder(catalog.allocator(), "again").int64("params", new Long[] {1L}).build());
        assertEquals(1, count("runs"));
        assertEquals(List.of(new SqlEffect.Unchanged("no table nosuch, nothing dropped")),
                catalog.run("DROP TABLE IF EXISTS nosuch").effects());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> catalog.run("DROP TABLE nosuch"));
        assertTrue(missing.getMessage().contains("no table named 'nosuch'"), missing.getMessage());
    }

    @Test
    void aDroppedTableStaysOpenForItsHolders() {
        Table held = catalog.get("runs");
        catalog.run("DROP TABLE runs");
        assertFalse(held.isClosed());
        assertEquals(2.0, held.getDouble("loss", 1));
        assertTrue(catalog.retiredBytes() > 0);
        held.close();
        assertEquals(0, catalog.retiredBytes());
    }

    @Test
    void replacingATableKeepsTheOldOneOpenUntilTheSessionEnds() {
        Table old = catalog.get("runs");
        catalog.put("runs", Table.builder(catalog.allocator(), "new").int64("params", new Long[] {7L}).build());
        assertFalse(old.isClosed());
        assertEquals(30L, old.getLong("params", 2));
        assertEquals(1, count("runs"));
        catalog.close();
        assertTrue(old.isClosed());
    }

    @Test
    void createTableAsBecomesACatalogTable() {
        SqlRun run = catalog.run("CREATE TABLE small AS SELECT * FROM runs WHERE params < 25");
        assertEquals(List.of(new SqlEffect.Created("small", 2, 2, false)), run.effects());
        assertEquals("created table small (2 rows x 2 columns)", run.effects().get(0).message());
        assertEquals(2, catalog.get("small").rowCount());
        assertEquals(2, count("small"));
        IllegalArgumentException taken = assertThrows(IllegalArgumentException.class,
                () -> catalog.run("CREATE TABLE small AS SELECT 1"));
        assertTrue(taken.getMessage().contains("CREATE OR REPLACE TABLE small"), taken.getMessage());
        assertEquals(new SqlEffect.Created("small", 1, 1, true),
                catalog.run("CREATE OR REPLACE TABLE small AS SELECT 1 AS one").effects().get(0));
        assertEquals(1, count("small"));
    }

    @Test
    void copyToWritesTheFileAndSaysWhere() throws Exception {
        Path out = dir.resolve("runs.csv");
        SqlRun run = catalog.run("COPY runs TO '" + out + "' (HEADER)");
        assertEquals(List.of(new SqlEffect.Wrote(out, 3)), run.effects());
        assertEquals("wrote 3 rows to " + out, run.effects().get(0).message());
        assertEquals("params,loss", Files.readAllLines(out).get(0));
        assertEquals(List.of("runs"), catalog.names());
    }

    @Test
    void refusedStatementsRunNothingAtAll() throws Exception {
        Path out = dir.resolve("never.csv");
        SqlRefusedException e = assertThrows(SqlRefusedException.class,
                () -> catalog.run("COPY runs TO '" + out + "'; INSERT INTO runs VALUES (1, 1.0)"));
        assertEquals("INSERT", e.kind());
        assertFalse(Files.exists(out), "the COPY before the INSERT did not run");
        assertEquals(3, count("runs"));
        assertThrows(SqlRefusedException.class, () -> catalog.run("SELECT 1; DROP TABLE runs"));
        assertTrue(catalog.contains("runs"));
        assertEquals(3, count("runs"));
    }

    @Test
    void queryRefusesDdlBeforeDuckDbRunsIt() {
        SqlRefusedException e = assertThrows(SqlRefusedException.class, () -> catalog.query("DROP TABLE runs"));
        assertTrue(e.getMessage().contains("run()"), e.getMessage());
        assertEquals(3, count("runs"));
    }

    @Test
    void aScriptMayCreateThenQuery() {
        SqlRun run = catalog.run("CREATE TABLE big AS SELECT * FROM runs WHERE params > 15;\nSELECT count(*) AS n FROM big");
        try (Table result = run.result()) {
            assertInstanceOf(SqlEffect.Created.class, run.effects().get(0));
            assertEquals(2L, result.getLong("n", 0));
        }
    }
}
