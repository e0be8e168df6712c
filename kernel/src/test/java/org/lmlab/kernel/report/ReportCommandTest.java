package org.lmlab.kernel.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.kernel.doctor.Installation;
import picocli.CommandLine;

/** {@code lmlab report}'s checks before anything runs and the executor it starts (the run itself: tests/python/test_report.py). */
class ReportCommandTest {

    private static final Path ROOT = Path.of(System.getProperty("lmlab.root", "..")).toAbsolutePath().normalize();
    /** tests/python/parameters.ipynb: a parameters cell (seed, lr, name, verbose, sizes), then two cells. */
    private static final Path NOTEBOOK = ROOT.resolve("tests/python/parameters.ipynb");

    @TempDir
    Path tmp;

    @Test
    void theStagedNotebookIsValidNbformatWithTheInjectedCell() throws Exception {
        PreparedNotebook prepared = PreparedNotebook.prepare(NOTEBOOK, Map.of("seed", "7"));
        assertEquals("parameters", prepared.name());
        assertEquals(NOTEBOOK.getParent(), prepared.workingDirectory());
        Path staged = prepared.writeTo(tmp);
        assertEquals(tmp.resolve("parameters.ipynb"), staged);
        // nbformat (the outside reference) reads it back as valid, with the injected cell after the parameters cell
        String python = System.getProperty("lmlab.python", ROOT.resolve(".venv/bin/python").toString());
        Process process = new ProcessBuilder(python, "-c",
                "import sys, nbformat; nb = nbformat.read(sys.argv[1], as_version=4); nbformat.validate(nb); "
                        + "print(nb.cells[2].metadata.tags[0], nb.cells[2].source.strip(), nb.cells[3].execution_count)",
                staged.toString()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals("injected-parameters int seed = 7; None", out.strip().replaceAll("\\s*//[^\\n]*\\n", " "), out);
    }

    @Test
    void badInputIsNamedBeforeAnythingRuns() {
        assertEquals("no notebook at " + tmp.resolve("absent.ipynb") + "; check the path", assertThrows(
                ReportInputException.class, () -> PreparedNotebook.prepare(tmp.resolve("absent.ipynb"), Map.of()))
                .getMessage());
        assertTrue(assertThrows(ReportInputException.class, () -> PreparedNotebook.prepare(tmp.resolve("cells.java"), Map.of()))
                .getMessage().endsWith("not a notebook; name a .ipynb file"));
        assertTrue(assertThrows(ReportInputException.class, () -> PreparedNotebook.prepare(NOTEBOOK, Map.of("sed", "1")))
                .getMessage().startsWith("--param sed: no such parameter"));
        assertTrue(assertThrows(ReportInputException.class, () -> PreparedNotebook.prepare(NOTEBOOK, Map.of("seed", "1.5")))
                .getMessage().contains("must be a whole number"));
    }

    @Test
    void aBadParameterExitsWithTwoAndWritesNothing() {
        Path out = tmp.resolve("out");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = new CommandLine(new ReportCommand()).execute(NOTEBOOK.toString(), "--param", "seed=x", "--out", out.toString());
        } finally {
            System.setErr(saved);
        }
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("lmlab report: --param seed=x"), err.toString());
        assertFalse(Files.exists(out));
    }

    @Test
    void theExecutorRunsInTheNotebooksFolderOnTheNamedKernel() throws Exception {
        ReportCommand command = new ReportCommand();
        new CommandLine(command).parseArgs(NOTEBOOK.toString(), "--out", "/data/reports", "--timeout", "60", "--name", "lmlab-dev");
        Installation installation = new Installation(Path.of("/opt/lmlab"), Path.of("/opt/lmlab/.venv"));
        PreparedNotebook prepared = PreparedNotebook.prepare(NOTEBOOK, Map.of());
        assertEquals(List.of("/opt/lmlab/.venv/bin/python", "/opt/lmlab/environment/report_notebook.py", "/tmp/x/parameters.ipynb",
                "--out", "/data/reports", "--name", "parameters", "--cwd", NOTEBOOK.getParent().toString(),
                "--timeout", "60", "--kernel", "lmlab-dev"), command.command(installation, Path.of("/tmp/x/parameters.ipynb"), prepared));
    }
}
