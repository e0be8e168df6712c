package org.lmlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.display.MimeBundle;
import org.lmlab.display.Renderers;
import org.lmlab.kernel.eval.CellError;
import org.lmlab.kernel.eval.JShellEvaluator;
import org.lmlab.table.Table;
import org.lmlab.table.TableCatalog;

/** %table and %%sql through a real CellRunner and in-process JShell, on the bundled Chinchilla runs. */
class TableMagicsTest {

    private static final Path RUNS = Path.of("..", "datasets", "chinchilla", "chinchilla_runs.csv");
    private static JShellEvaluator jshell;
    private static TableCatalog tables;
    private static CellRunner runner;
    private static final List<MimeBundle> shown = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        List<Path> classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of).toList();
        jshell = JShellEvaluator.start(classpath);
        tables = new TableCatalog();
        Renderers renderers = new Renderers(w -> { }).registerServices(TableMagicsTest.class.getClassLoader());
        runner = new CellRunner(jshell, CoreMagics.registry(), renderers, new RecordingDisplaySink(shown), tables);
    }

    @AfterAll
    static void stop() {
        jshell.close();
        tables.close();
    }

    @Test
    void loadDefinesATableVariableAndSqlQueriesIt() throws Exception {
        runner.run("%table load " + RUNS + " --as runs", 1);
        assertEquals(245L, ((Number) runner.run("runs.rowCount()", 2).value()).longValue());
        Object result = runner.run("%%sql -o small\nSELECT count(*) AS n FROM runs WHERE params < 1e8", 3).value();
        assertTrue(result instanceof Table);
        long expected = Files.readAllLines(RUNS).stream().skip(1)
                .filter(line -> Double.parseDouble(line.split(",")[0]) < 1e8).count();
        assertEquals(expected, ((Number) runner.run("small.get(\"n\", 0)", 4).value()).longValue());
        Path saved = dir.resolve("runs.parquet");
        runner.run("%table save runs " + saved, 5);
        runner.run("%table load " + saved + " --as again", 6);
        assertEquals(245L, ((Number) runner.run("again.rowCount()", 7).value()).longValue());
    }

    @Test
    void plotMagicRendersAChartOfATable() throws Exception {
        runner.run("%table load " + RUNS + " --as points", 1);
        Path svg = dir.resolve("loss.svg");
        Object chart = runner.run("%plot scatter --table points --x flops --y loss --logx --logy --save " + svg, 2).value();
        assertTrue(chart instanceof org.lmlab.display.Displayable, String.valueOf(chart));
        MimeBundle bundle = ((org.lmlab.display.Displayable) chart).toMimeBundle();
        assertTrue(bundle.data().containsKey(MimeBundle.PNG) && bundle.data().containsKey(MimeBundle.SVG));
        assertTrue(Files.readString(svg).contains("<svg"));
        CellError unknown = assertThrows(CellError.class,
                () -> runner.run("%plot scatter --table points --x flops --y nosuch", 3));
        assertEquals("UsageError", unknown.ename());
        assertTrue(unknown.evalue().contains("nosuch") && unknown.evalue().contains("loss"), unknown.evalue());
        CellError noY = assertThrows(CellError.class, () -> runner.run("%plot line --table points --x flops", 4));
        assertTrue(noY.evalue().contains("needs --y"), noY.evalue());
    }

    @Test
    void scalingFitMatchesTheScipyReplicationAndShowsProgress() throws Exception {
        runner.run("%table load " + RUNS + " --as chinchilla", 1);
        shown.clear();
        Object fit = runner.run("%scaling fit --table chinchilla --drop-highest 5", 2).value();
        // scipy L-BFGS-B on the same objective and 4,500-start grid (lib/scaling tests; docs/scaling.md):
        // alpha 0.3473105, beta 0.3671724, E 1.817218.
        assertEquals(0.3473105, ((Number) runner.run("fit.chinchillaParams().alpha()", 3).value()).doubleValue(), 5e-6);
        assertEquals(0.3671724, ((Number) runner.run("fit.chinchillaParams().beta()", 4).value()).doubleValue(), 5e-6);
        assertEquals(1.817218, ((Number) runner.run("fit.chinchillaParams().E()", 5).value()).doubleValue(), 5e-5);
        assertTrue(shown.stream().anyMatch(b -> b.data().getOrDefault(MimeBundle.HTML, "").contains("<progress")),
                "a progress bar was displayed");
        assertTrue(new Renderers(w -> { }).registerServices(getClass().getClassLoader()).render(fit)
                .data().get(MimeBundle.HTML).contains("starts reached the best objective"));
        String optimal = ((org.lmlab.display.Displayable) runner.run("%scaling optimal --flops 5.76e23", 6).value())
                .toMimeBundle().plainText();
        assertTrue(optimal.contains("17.92 tokens per parameter"), optimal);
        CellError noColumn = assertThrows(CellError.class,
                () -> runner.run("%scaling fit --table chinchilla --loss nosuch", 7));
        assertTrue(noColumn.evalue().contains("no column 'nosuch'") && noColumn.evalue().contains("params"),
                noColumn.evalue());
    }

    @Test
    void badInputGivesOneClearErrorAndRegistersNothing() throws Exception {
        CellError missing = assertThrows(CellError.class, () -> runner.run("%table show nosuch", 1));
        assertEquals("UsageError", missing.ename());
        assertTrue(missing.evalue().contains("no table named 'nosuch'"), missing.evalue());
        CellError noFile = assertThrows(CellError.class, () -> runner.run("%table load " + dir.resolve("x.csv"), 2));
        assertTrue(noFile.evalue().startsWith("no such file"), noFile.evalue());
        Path ragged = Files.writeString(dir.resolve("ragged.csv"), "a,b\n1,2\n3\n");
        CellError bad = assertThrows(CellError.class, () -> runner.run("%table load " + ragged + " --as ragged", 3));
        assertTrue(bad.evalue().contains("ragged.csv") && bad.evalue().contains(":3"), bad.evalue());
        assertTrue(!tables.contains("ragged"), "nothing half-registered");
        CellError noSub = assertThrows(CellError.class, () -> runner.run("%table", 4));
        assertTrue(noSub.evalue().contains("missing subcommand"), noSub.evalue());
    }

    @Test
    void reloadingATableKeepsWhatWasDerivedFromIt() throws Exception {
        // Issue 23 (4): a re-declaration made JShell reset dependent variables (h null, cnt 0) and closed t2's table.
        runner.run("%table load " + RUNS + " --as reloaded", 1);
        runner.run("var h = reloaded.head(5); var cnt = reloaded.rowCount(); org.lmlab.table.Table t2 = reloaded;", 2);
        runner.run("%table load " + RUNS + " --as reloaded", 3);
        assertEquals(5, ((Number) runner.run("h.rowCount()", 4).value()).intValue());
        assertEquals(245, ((Number) runner.run("cnt", 5).value()).intValue());
        assertEquals(245, ((Number) runner.run("t2.rowCount()", 6).value()).intValue());
        assertEquals(false, runner.run("t2 == reloaded", 7).value());
        assertEquals(false, runner.run("t2.isClosed()", 8).value());
        runner.run("h.close();", 9);
    }

    @Test
    void aVariableOfAnotherTypeIsReplacedOnlyWithReplace() throws Exception {
        runner.run("int sentinel = 7; String important = \"keep\";", 1);
        CellError load = assertThrows(CellError.class, () -> runner.run("%table load " + RUNS + " --as sentinel", 2));
        assertTrue(load.evalue().contains("variable 'sentinel' is a int") && load.evalue().contains("--replace"),
                load.evalue());
        CellError sql = assertThrows(CellError.class, () -> runner.run("%%sql -o important\nSELECT 1 AS x", 3));
        assertTrue(sql.evalue().contains("variable 'important' is a String"), sql.evalue());
        assertEquals(7, runner.run("sentinel", 4).value());
        assertEquals("keep", runner.run("important", 5).value());
        assertTrue(!tables.contains("sentinel") && !tables.contains("important"));
        runner.run("%table load " + RUNS + " --as sentinel --replace", 6);
        assertEquals(245, ((Number) runner.run("sentinel.rowCount()", 7).value()).intValue());
    }

    @Test
    void ddlInSqlKeepsTheCatalogAndDuckDbInStep() throws Exception {
        // Issue 23 (3): DROP TABLE ran in DuckDB, reported an error, and left the catalog disagreeing.
        runner.run("%table load " + RUNS + " --as doomed", 1);
        ((Table) runner.run("%%sql\nSELECT count(*) FROM doomed", 2).value()).close();
        runner.run("%%sql\nDROP TABLE doomed", 3);
        assertTrue(!tables.contains("doomed"));
        assertEquals(245, ((Number) runner.run("doomed.rowCount()", 4).value()).intValue(), "the variable still holds it");
        runner.run("%table load " + RUNS + " --as doomed", 5);
        Table n = (Table) runner.run("%%sql\nSELECT count(*) AS n FROM doomed", 6).value();
        assertEquals(245L, n.getLong("n", 0));
        n.close();
        runner.run("%%sql\nCREATE TABLE tiny AS SELECT * FROM doomed LIMIT 3", 7);
        assertEquals(3, ((Number) runner.run("tiny.rowCount()", 8).value()).intValue());
        CellError refused = assertThrows(CellError.class, () -> runner.run("%%sql\nINSERT INTO tiny SELECT * FROM doomed", 9));
        assertTrue(refused.evalue().contains("INSERT is not run"), refused.evalue());
        assertEquals(3, tables.get("tiny").rowCount());
    }
}
