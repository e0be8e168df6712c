package org.lmlab.kernel.launch;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.lmlab.display.Notebook;
import org.lmlab.display.Renderers;
import org.lmlab.kernel.CellRunner;
import org.lmlab.kernel.CoreMagics;
import org.lmlab.kernel.eval.CellError;
import org.lmlab.kernel.eval.Evaluation;
import org.lmlab.kernel.eval.JShellEvaluator;
import org.lmlab.kernel.script.ConsoleDisplaySink;
import org.lmlab.kernel.script.ParameterException;
import org.lmlab.kernel.script.ParameterInjection;
import org.lmlab.kernel.script.ScriptCell;
import org.lmlab.kernel.script.ScriptCells;
import org.lmlab.kernel.script.ScriptFileException;
import org.lmlab.table.TableCatalog;

/**
 * The composition root of {@code lmlab run}: the kernel's own evaluator, magics and renderers
 * driven from a file instead of a front end, so a notebook and a script give the same results.
 * Unlike the kernel it traps no exit calls: {@code System.exit} in a script ends the run, which
 * is what a command-line user asks for.
 */
public final class ScriptLauncher {

    private ScriptLauncher() {
    }

    /**
     * @param script    a notebook or a {@code // %%}-separated script
     * @param outputDir where images and HTML outputs go (null: text only)
     * @param report    where to write every output as JSON (null: none)
     * @param keepGoing run the remaining cells after a failing one
     * @return the process exit code: 0, 1 when a cell failed, 2 when the file is unusable
     */
    public static int run(Path script, Path outputDir, Path report, boolean keepGoing) {
        return run(script, Map.of(), outputDir, report, keepGoing);
    }

    /**
     * @param parameters {@code --param} overrides of the parameters cell's defaults, NAME to TEXT
     * @return as {@link #run(Path, Path, Path, boolean)}; 2 also when a parameter is unknown or mistyped
     */
    public static int run(Path script, Map<String, String> parameters, Path outputDir, Path report,
            boolean keepGoing) {
        LogSettings.apply();
        PrintStream out = System.out;
        PrintStream err = System.err;
        List<ScriptCell> cells;
        try {
            cells = ParameterInjection.inject(ScriptCells.read(script), parameters);
        } catch (ScriptFileException | ParameterException e) {
            err.println("lmlab: " + e.getMessage());
            return 2;
        }
        // Say what the run used: its outputs alone do not show the injected values.
        cells.stream().filter(c -> c.role() == ScriptCell.Role.INJECTED_PARAMETERS)
                .forEach(c -> err.println("lmlab: " + c.source().replace("\n", "\n  ")));
        ConsoleDisplaySink display = new ConsoleDisplaySink(out, outputDir, System.console() != null);
        Renderers renderers = new Renderers(warning -> err.println("lmlab: " + warning));
        renderers.registerServices(ScriptLauncher.class.getClassLoader());
        Notebook.attach(display, renderers);
        int status = 0;
        try (JShellEvaluator jshell = JShellEvaluator.start(ClassPath.ofThisProcess(), false);
             TableCatalog tables = new TableCatalog()) {
            CellRunner runner = new CellRunner(jshell, CoreMagics.registry(), renderers, display, tables);
            for (ScriptCell cell : cells) {
                display.startCell(cell.number());
                try {
                    Evaluation result = runner.run(cell.source(), cell.number());
                    if (result.hasValue()) {
                        display.result(renderers.render(result.value()));
                    }
                } catch (CellError error) {
                    display.error(error.ename(), located(script, cell, error), err);
                    status = 1;
                    if (!keepGoing) {
                        break;
                    }
                }
            }
        }
        if (report != null && !writeReport(report, display, err)) {
            status = Math.max(status, 2);
        }
        return status;
    }

    /** The traceback, preceded by where the cell is in the file. */
    private static List<String> located(Path script, ScriptCell cell, CellError error) {
        String where = script + ", cell " + cell.number() + " (line " + cell.firstLine() + ")";
        return Stream.concat(Stream.of(where + ":"), error.traceback().stream())
                .toList();
    }

    private static boolean writeReport(Path report, ConsoleDisplaySink display, PrintStream err) {
        try {
            Files.writeString(report, new GsonBuilder().setPrettyPrinting().create().toJson(display.outputs()));
            return true;
        } catch (IOException e) {
            err.println("lmlab: cannot write report " + report + ": " + e.getMessage());
            return false;
        }
    }
}
