package org.lmlab.model.extrapolation.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.table.ArrowLeakCheck;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.ColumnType;
import org.lmlab.table.Table;

/** Durable rows: round trip, a torn last line cut off, corruption in the middle and other grids refused. */
class ResultsFileTest {

    @RegisterExtension
    final ArrowLeakCheck arrow = new ArrowLeakCheck();

    @TempDir
    Path dir;

    static final List<ColumnSchema> COLUMNS = List.of(ColumnSchema.of("method", ColumnType.UTF8),
            ColumnSchema.of("length", ColumnType.INT64), ColumnSchema.of("depth", ColumnType.FLOAT64),
            ColumnSchema.of("ppl", ColumnType.FLOAT64), ColumnSchema.of("found", ColumnType.BOOL));

    static final SweepGrid GRID = SweepGridTest.grid("ppl test", List.of(64, 128), List.of(), List.of(), "none",
            "sinks:4+28");

    static ResultsFile.Row row(SweepGrid.Cell cell, double ppl) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("method", cell.method().spec());
        v.put("length", (long) cell.length());
        v.put("depth", null);
        v.put("ppl", ppl);
        v.put("found", cell.index() % 2 == 0);
        return new ResultsFile.Row(cell.index(), cell.key(), v);
    }

    /** Writes rows for the first {@code n} cells; returns the file's bytes. */
    byte[] written(Path file, int n) throws IOException {
        try (ResultsFile f = ResultsFile.create(file, GRID, COLUMNS)) {
            for (int i = 0; i < n; i++) {
                f.append(row(GRID.cells().get(i), i == 1 ? Double.NaN : 10.0 / 3 + i));
            }
        }
        return Files.readAllBytes(file);
    }

    @Test
    void rowsRoundTripExactlyAndEveryLineIsJsonWithItsCrc() throws IOException {
        Path file = dir.resolve("r.jsonl");
        written(file, 3);
        List<String> lines = Files.readAllLines(file);
        assertEquals(4, lines.size());
        for (String line : lines) {
            assertTrue(JsonParser.parseString(line).getAsJsonObject().has("crc32"), line);
        }
        var header = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertEquals(GRID.fingerprint(), header.get("fingerprint").getAsString());
        assertEquals(ResultsFile.LMLAB_VERSION, header.get("lmlab_version").getAsString());
        assertTrue(lines.get(2).contains("\"ppl\":\"NaN\""), lines.get(2));

        ResultsFile.Contents c = ResultsFile.read(file);
        assertEquals(COLUMNS, c.columns());
        assertEquals(3, c.rows().size());
        assertEquals(10.0 / 3, c.rows().get(0).values().get("ppl")); // bit for bit
        assertTrue(Double.isNaN((Double) c.rows().get(1).values().get("ppl")));
        assertEquals(Boolean.FALSE, c.rows().get(1).values().get("found"));
        assertEquals(128L, c.rows().get(2).values().get("length"));
        assertEquals(null, c.rows().get(2).values().get("depth"));

        try (ResultsFile f = ResultsFile.resume(file, GRID, COLUMNS)) {
            assertFalse(f.repaired().isPresent());
            assertEquals(c.rows(), f.rows());
            assertTrue(f.has(2) && !f.has(3));
            assertThrows(IllegalStateException.class, () -> f.append(row(GRID.cells().get(2), 1)));
            f.append(row(GRID.cells().get(3), 7));
        }
        try (Table t = Sweep.table(arrow.allocator(), file)) {
            assertEquals(4, t.rowCount());
            assertEquals("sinks:4+28", t.getString("method", 3));
            assertEquals(7.0, t.getDouble("ppl", 3));
            assertTrue(t.isNull("depth", 0));
        }
    }

    @Test
    void aTornLastLineIsCutOffAndReportedWhileEarlierRowsStay() throws IOException {
        Path file = dir.resolve("r.jsonl");
        byte[] whole = written(file, 3);
        int lastLine = lastLineStart(whole);
        // Every cut inside the last row (a crash mid-write) leaves the first two rows.
        for (int cut : new int[] {lastLine + 1, lastLine + 17, whole.length - 2, whole.length - 1}) {
            Files.write(file, Arrays.copyOf(whole, cut));
            assertEquals(2, ResultsFile.read(file).rows().size());
            try (ResultsFile f = ResultsFile.resume(file, GRID, COLUMNS)) {
                String report = f.repaired().orElseThrow();
                assertTrue(report.contains("dropped a last line of " + (cut - lastLine) + " bytes without a newline"),
                        report);
                assertTrue(report.contains("2 rows kept"), report);
                assertEquals(2, f.rows().size());
            }
            assertArrayEquals(Arrays.copyOf(whole, lastLine), Files.readAllBytes(file), "cut back to the last good row");
        }
        // A complete last line whose bytes were damaged (bad CRC) is dropped too.
        byte[] damaged = whole.clone();
        damaged[lastLine + 5] ^= 1;
        Files.write(file, damaged);
        try (ResultsFile f = ResultsFile.resume(file, GRID, COLUMNS)) {
            assertTrue(f.repaired().orElseThrow().contains("line 4, which fails its CRC-32"), f.repaired().get());
            f.append(row(GRID.cells().get(2), 10.0 / 3 + 2));
        }
        assertArrayEquals(whole, Files.readAllBytes(file), "rewriting the dropped cell gives the same file");
    }

    @Test
    void corruptionBeforeTheLastLineIsRefusedAndTheFileLeftAlone() throws IOException {
        Path file = dir.resolve("r.jsonl");
        byte[] whole = written(file, 3);
        String text = new String(whole, StandardCharsets.UTF_8);
        byte[] damaged = text.replaceFirst("\"ppl\":3.3333333333333335", "\"ppl\":3.3333333333333334")
                .getBytes(StandardCharsets.UTF_8);
        Files.write(file, damaged);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResultsFile.resume(file, GRID, COLUMNS));
        assertTrue(e.getMessage().startsWith("results file " + file + ":2: the row fails its CRC-32 check"),
                e.getMessage());
        assertTrue(e.getMessage().contains("corrupt in the middle"), e.getMessage());
        assertArrayEquals(damaged, Files.readAllBytes(file));
        assertThrows(IllegalArgumentException.class, () -> ResultsFile.read(file));

        // A row line repeated (say, by hand-merging files) is refused, naming both lines.
        List<String> lines = Files.readAllLines(file.resolveSibling("r.jsonl"));
        Path twice = dir.resolve("twice.jsonl");
        written(twice, 2);
        List<String> t = Files.readAllLines(twice);
        Files.write(twice, List.of(t.get(0), t.get(1), t.get(2), t.get(1)));
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
                () -> ResultsFile.resume(twice, GRID, COLUMNS));
        assertTrue(dup.getMessage().contains(":4: cell 0 (none @ 64) was already written at line 2"), dup.getMessage());
        assertEquals(4, lines.size());
    }

    @Test
    void anotherGridsFileIsRefusedNamingBothGrids() throws IOException {
        Path file = dir.resolve("r.jsonl");
        byte[] whole = written(file, 2);
        SweepGrid other = SweepGridTest.grid("ppl test", List.of(64, 256), List.of(), List.of(), "none",
                "sinks:4+28");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResultsFile.resume(file, other, COLUMNS));
        String m = e.getMessage();
        assertTrue(m.startsWith("results file " + file + " belongs to another grid (fingerprint "
                + GRID.fingerprint().substring(0, 12) + ")"), m);
        assertTrue(m.contains("lengths: [64, 128]") && m.contains("lengths: [64, 256]"), m);
        assertTrue(m.contains(other.fingerprint().substring(0, 12)) && m.endsWith("the file is unchanged"), m);
        assertArrayEquals(whole, Files.readAllBytes(file));

        assertTrue(assertThrows(IllegalArgumentException.class, () -> ResultsFile.create(file, GRID, COLUMNS))
                .getMessage().contains("already exists: resume it (--resume) or choose another path"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ResultsFile.resume(dir.resolve("none.jsonl"), GRID, COLUMNS)).getMessage()
                .contains("does not exist: nothing to resume"));
        Files.writeString(dir.resolve("junk.jsonl"), "{\"a\":1}\n");
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ResultsFile.resume(dir.resolve("junk.jsonl"), GRID, COLUMNS)).getMessage()
                .contains(":1: not a sweep results header"));
        assertArrayEquals(whole, Files.readAllBytes(file));
    }

    @Test
    void aFileOpenInOneSweepCannotBeOpenedByAnother() throws IOException {
        Path file = dir.resolve("r.jsonl");
        try (ResultsFile f = ResultsFile.create(file, GRID, COLUMNS)) {
            assertTrue(assertThrows(IllegalStateException.class, () -> ResultsFile.resume(file, GRID, COLUMNS))
                    .getMessage().contains("is open in another sweep"));
        }
        try (ResultsFile f = ResultsFile.resume(file, GRID, COLUMNS)) {
            assertEquals(0, f.rows().size());
        }
    }

    static int lastLineStart(byte[] bytes) {
        for (int i = bytes.length - 2; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }
}
