package org.lmlab.kernel.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lmlab lab}: JupyterLab from the set-up's environment on notebooks/, with the lmlab kernel. */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = {"Start JupyterLab on notebooks/ with the lmlab kernel.",
                "Runs the JupyterLab of the set-up's Python environment (.venv), where the set-up installs the lmlab "
                + "kernelspec. Checks the environment and the kernelspec first and "
                + "names the fixing command when one is missing (see lmlab doctor).",
                "Arguments after -- go to JupyterLab unchanged, e.g. lmlab lab -- --ip=0.0.0.0"})
public final class LabCommand implements Callable<Integer> {

    @Option(names = "--notebook-dir", paramLabel = "DIR",
            description = "Folder JupyterLab opens (default: notebooks/ of this checkout).")
    Path notebookDir;

    @Option(names = "--port", defaultValue = "0", paramLabel = "N",
            description = "Port of the server (default: JupyterLab's, 8888 or the next free one).")
    int port;

    @Option(names = "--no-browser", description = "Do not open a browser; JupyterLab prints the URL to open.")
    boolean noBrowser;

    @Mixin
    EnvironmentOptions environment;

    /** Whether this process runs as root (JupyterLab then needs --allow-root). */
    boolean asRoot = "root".equals(System.getProperty("user.name"));

    @Parameters(paramLabel = "JUPYTER_ARG", arity = "0..*", description = "Further JupyterLab arguments (after --).")
    List<String> extra = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        Installation installation = environment.installation();
        LabLaunch launch;
        try {
            launch = launch(installation);
        } catch (IllegalArgumentException e) {
            System.err.println("lmlab lab: " + e.getMessage());
            return 2;
        }
        if (!Files.isDirectory(launch.notebookDir())) {
            System.err.println("lmlab lab: no folder " + launch.notebookDir().toAbsolutePath()
                    + "; name an existing one with --notebook-dir");
            return 2;
        }
        List<Check> prerequisites = List.of(new PythonCheck(installation),
                new KernelspecCheck(environment.kernelName, JupyterPaths.forVenv(installation.venv()), installation));
        for (Check check : prerequisites) {
            CheckResult result = check.run();
            if (result.status() == Status.FAIL) {
                System.err.println("lmlab lab: " + result.detail());
                System.err.println("fix: " + result.fix());
                return 1;
            }
            if (result.status() == Status.WARN) {
                System.err.println("lmlab lab: warning: " + result.detail() + " (fix: " + result.fix() + ")");
            }
        }
        List<String> command = launch.command();
        System.err.println("lmlab lab: " + String.join(" ", command));
        return runInForeground(command);
    }

    /** The JupyterLab launch these options ask for. */
    LabLaunch launch(Installation installation) {
        Path dir = notebookDir != null ? notebookDir : installation.notebooks();
        return new LabLaunch(installation.jupyter(), dir, port, noBrowser, asRoot, extra);
    }

    /**
     * Runs JupyterLab on this terminal until it exits. Ctrl-C reaches JupyterLab too (same process
     * group), which asks before shutting down: this JVM ignores SIGINT meanwhile and waits.
     */
    @SuppressWarnings("restriction")
    private static int runInForeground(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).inheritIO().start();
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), sun.misc.SignalHandler.SIG_IGN);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // no SIGINT here: the JVM exits on Ctrl-C and JupyterLab handles it on its own
        }
        while (true) {
            try {
                return process.waitFor();
            } catch (InterruptedException e) {
                process.destroy();
                Thread.currentThread().interrupt();
            }
        }
    }
}
