package org.lmlab.kernel.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.lmlab.kernel.doctor.EnvironmentOptions;
import org.lmlab.kernel.doctor.Installation;
import org.lmlab.provenance.ProvenanceRecorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lmlab report}: executes a notebook headless on the installed lmlab kernel (Jupyter's own
 * client, nbclient, in the set-up's Python environment: environment/report_notebook.py) and
 * writes the executed notebook and a self-contained HTML report.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Execute a notebook headless through the lmlab kernel and write DIR/NAME.ipynb (with outputs) "
                + "and DIR/NAME.html, a self-contained report: images inline, formulas typeset by a MathJax "
                + "written into the page, nothing loaded from the network.",
                "Cells run in the notebook's folder. The first failing cell not tagged raises-exception stops the "
                + "run; the message names it. Exit codes: 0 ran cleanly, 1 a cell failed, 2 bad input "
                + "(nothing runs)."})
public final class ReportCommand implements Callable<Integer> {

    static final String SCRIPT = "environment/report_notebook.py";

    @Parameters(paramLabel = "NOTEBOOK", description = "The .ipynb notebook to execute.")
    Path notebook;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE",
            description = {"Override a default of the cell tagged `parameters`, as lmlab run --param does: "
                    + "--param seed=7 --param sizes=1,2,4. An unknown name or a mistyped value stops before any cell runs."})
    Map<String, String> parameters = new LinkedHashMap<>();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "reports",
            description = "Folder for NAME.ipynb and NAME.html (default: ${DEFAULT-VALUE} in the working directory).")
    Path outputDir;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "1200",
            description = "Longest a cell may run (default: ${DEFAULT-VALUE}; training cells take minutes).")
    int timeoutSeconds;

    @Mixin
    EnvironmentOptions environment;

    @Override
    public Integer call() {
        Installation installation = environment.installation();
        PreparedNotebook prepared;
        try {
            prepared = PreparedNotebook.prepare(notebook, parameters);
            checkEnvironment(installation);
        } catch (ReportInputException e) {
            System.err.println("lmlab report: " + e.getMessage());
            return 2;
        }
        Path staging = null;
        try {
            staging = Files.createTempDirectory("lmlab-report");
            List<String> command = command(installation, prepared.writeTo(staging), prepared);
            ProcessBuilder run = new ProcessBuilder(command).inheritIO();
            run.environment().put(ProvenanceRecorder.PARAMETERS_ENV, ProvenanceRecorder.parametersToEnvironment(parameters));
            return run.start().waitFor();
        } catch (IOException e) {
            System.err.println("lmlab report: cannot run " + SCRIPT + ": " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } finally {
            deleteQuietly(staging);
        }
    }

    private void checkEnvironment(Installation installation) throws ReportInputException {
        if (timeoutSeconds <= 0) {
            throw new ReportInputException("--timeout " + timeoutSeconds + " is not a positive number of seconds");
        }
        if (!Files.isExecutable(installation.python())) {
            throw new ReportInputException("no Python environment at " + installation.venv()
                    + "; run: " + installation.setupCommand());
        }
        if (!Files.isRegularFile(installation.root().resolve(SCRIPT))) {
            throw new ReportInputException("no " + SCRIPT + " in " + installation.root()
                    + "; run lmlab from its checkout (bin/lmlab)");
        }
    }

    /** The executor's command line for the injected copy {@code staged} of {@code prepared}. */
    List<String> command(Installation installation, Path staged, PreparedNotebook prepared) {
        return List.of(installation.python().toString(),
                installation.root().resolve(SCRIPT).toString(), staged.toString(),
                "--out", outputDir.toAbsolutePath().normalize().toString(),
                "--name", prepared.name(),
                "--cwd", prepared.workingDirectory().toString(),
                "--timeout", Integer.toString(timeoutSeconds),
                "--kernel", environment.kernelName());
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
