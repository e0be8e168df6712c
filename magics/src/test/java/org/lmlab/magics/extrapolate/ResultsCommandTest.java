package org.lmlab.magics.extrapolate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.magics.ArgumentSplitter;
import org.lmlab.magics.CommandMagic;
import org.lmlab.magics.FakeMagicContext;
import org.lmlab.magics.MagicCall;
import org.lmlab.magics.MagicFailure;
import org.lmlab.magics.MagicKind;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.model.extrapolation.sweep.MethodSpec;
import org.lmlab.model.extrapolation.sweep.ResultsFile;
import org.lmlab.model.extrapolation.sweep.SweepGrid;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.ColumnType;
import org.lmlab.table.Table;

/** {@code %extrapolate results}: a results file read back as a table, row for row, with no model loaded. */
class ResultsCommandTest {

    static final CommandMagic MAGIC = CommandMagic.line(() -> new ExtrapolateMagic(Optional::empty));
    static final List<ColumnSchema> COLUMNS = List.of(ColumnSchema.of("method", ColumnType.UTF8),
            ColumnSchema.of("length", ColumnType.INT64), ColumnSchema.of("ppl", ColumnType.FLOAT64));

    final FakeMagicContext context = new FakeMagicContext();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        context.tables().close();
    }

    Object run(String args) throws Exception {
        return MAGIC.run(new MagicCall("extrapolate", MagicKind.LINE, args, ArgumentSplitter.split(args), null, 1),
                context);
    }

    /** A file for none, yarn:4 x 128, 256 with the cells written in the order given (a resumed run's order). */
    Path written(int... order) {
        SweepGrid grid = new SweepGrid("tiny", "ppl: test text", List.of(MethodSpec.parse("none", 128),
                MethodSpec.parse("yarn:4", 128)), List.of(128, 256), List.of(), List.of());
        Path file = dir.resolve("grid.jsonl");
        try (ResultsFile f = ResultsFile.create(file, grid, COLUMNS)) {
            for (int i : order) {
                SweepGrid.Cell cell = grid.cells().get(i);
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("method", cell.method().spec());
                v.put("length", (long) cell.length());
                v.put("ppl", 10.0 + i);
                f.append(new ResultsFile.Row(i, cell.key(), v));
            }
        }
        return file;
    }

    @Test
    void rowsComeBackInGridOrderWithTheirValues() throws Exception {
        Path file = written(3, 0, 2);
        Table t = assertInstanceOf(Table.class, run("results " + file + " --as r"));
        assertEquals(3, t.rowCount());
        assertEquals(List.of("method", "length", "ppl"), t.columnNames());
        // grid order is length-major: none@128, yarn:4@128, none@256, yarn:4@256
        assertEquals(List.of(10.0, 12.0, 13.0), List.of(t.getDouble("ppl", 0), t.getDouble("ppl", 1), t.getDouble("ppl", 2)));
        assertEquals(List.of("none", "none", "yarn:4"), List.of(t.getString("method", 0), t.getString("method", 1),
                t.getString("method", 2)));
        assertTrue(context.tables().names().contains("r"));
        assertTrue(context.variables.containsKey("r"));
        assertTrue(context.printed().contains("grid.jsonl: 3 rows"), context.printed());
        assertTrue(context.printed().contains("method: yarn:4"), context.printed());
    }

    @Test
    void aTornLastLineIsLeftOutAndTheFileUnchanged() throws Exception {
        Path file = written(0, 1);
        Files.writeString(file, "{\"cell\":2,\"key\":\"none @ 2", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        byte[] before = Files.readAllBytes(file);
        Table t = assertInstanceOf(Table.class, run("results " + file));
        assertEquals(2, t.rowCount());
        assertArrayEquals(before, Files.readAllBytes(file), "reading repairs nothing: a running sweep may own the file");
    }

    @Test
    void badInputIsNamed() throws Exception {
        MagicUsageException missing = assertThrows(MagicUsageException.class, () -> run("results " + dir.resolve("no.jsonl")));
        assertTrue(missing.getMessage().contains("no results file at"), missing.getMessage());
        Path notResults = dir.resolve("other.jsonl");
        Files.writeString(notResults, "{\"a\":1}\n");
        MagicFailure wrong = assertThrows(MagicFailure.class, () -> run("results " + notResults));
        assertTrue(wrong.getMessage().contains("other.jsonl"), wrong.getMessage());
        MagicUsageException name = assertThrows(MagicUsageException.class, () -> run("results " + notResults
                + " --as 1x"));
        assertTrue(name.getMessage().contains("not a Java variable name"), name.getMessage());
        assertTrue(context.tables().names().isEmpty());
    }
}
