package org.lmlab.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunsTest {

    @TempDir
    Path dir;

    @Test
    void rejectsInvalidValuesNamingTheField() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Run(1e9, 1e10, Double.NaN));
        assertTrue(e.getMessage().contains("loss"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Run(0, 1e10, 2));
        assertThrows(IllegalArgumentException.class, () -> new Run(1e9, -1, 2));
        assertThrows(IllegalArgumentException.class, () -> new Run(Double.POSITIVE_INFINITY, 1, 2));
        var row = assertThrows(IllegalArgumentException.class, () -> Run.of(7, 1e9, 0, 2));
        assertTrue(row.getMessage().startsWith("row 7: tokens"), row.getMessage());
    }

    @Test
    void readsCsvInAnyColumnOrder() throws Exception {
        Path f = write("loss,flops,tokens,params\n2.5,6e19,1e10,1e9\n\n3.0,6e18,1e9,1e9\n");
        assertEquals(List.of(new Run(1e9, 1e10, 2.5), new Run(1e9, 1e9, 3.0)), Runs.fromCsv(f));
    }

    @Test
    void csvErrorsNameFileAndLine() throws Exception {
        Path missing = write("params,flops,loss\n1,2,3\n");
        var e1 = assertThrows(IllegalArgumentException.class, () -> Runs.fromCsv(missing));
        assertTrue(e1.getMessage().startsWith(missing + ":1: missing column 'tokens'"), e1.getMessage());

        Path bad = write("params,tokens,loss\n1e9,1e10,2\n1e9,1e10,-2\n");
        var e2 = assertThrows(IllegalArgumentException.class, () -> Runs.fromCsv(bad));
        assertTrue(e2.getMessage().startsWith(bad + ":3: loss must be finite and > 0"), e2.getMessage());

        Path nan = write("params,tokens,loss\n1e9,x,2\n");
        var e3 = assertThrows(IllegalArgumentException.class, () -> Runs.fromCsv(nan));
        assertTrue(e3.getMessage().startsWith(nan + ":2: column 'tokens' is not a number: 'x'"), e3.getMessage());

        Path nanLoss = write("params,tokens,loss\n1e9,1e10,NaN\n");
        var e4 = assertThrows(IllegalArgumentException.class, () -> Runs.fromCsv(nanLoss));
        assertTrue(e4.getMessage().startsWith(nanLoss + ":2: loss"), e4.getMessage());

        Path shortRow = write("params,tokens,loss\n1e9,1e10\n");
        var e5 = assertThrows(IllegalArgumentException.class, () -> Runs.fromCsv(shortRow));
        assertTrue(e5.getMessage().startsWith(shortRow + ":2: expected 3 cells, found 2"), e5.getMessage());
    }

    @Test
    void dropHighestLossKeepsOrder() {
        List<Run> runs = List.of(new Run(1, 1, 5), new Run(2, 2, 1), new Run(3, 3, 4), new Run(4, 4, 2));
        assertEquals(List.of(new Run(2, 2, 1), new Run(4, 4, 2)), Runs.dropHighestLoss(runs, 2));
        assertEquals(runs, Runs.dropHighestLoss(runs, 0));
    }

    @Test
    void chinchillaDataDropsFiveOf245() throws Exception {
        List<Run> all = Runs.fromCsv(ChinchillaData.CSV);
        assertEquals(245, all.size());
        List<Run> kept = Runs.dropHighestLoss(all, 5);
        assertEquals(240, kept.size());
        assertEquals(all.subList(5, 245), kept); // PROVENANCE: rows 0-4 hold the five highest losses
    }

    private Path write(String text) throws Exception {
        Path f = Files.createTempFile(dir, "runs", ".csv");
        Files.writeString(f, text);
        return f;
    }
}
