package org.lmlab.kernel;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lmlab.kernel.doctor.DoctorCommand;
import org.lmlab.kernel.doctor.LabCommand;
import org.lmlab.kernel.install.CdsTraining;
import org.lmlab.kernel.install.KernelspecInstaller;
import org.lmlab.kernel.launch.KernelLauncher;
import org.lmlab.kernel.launch.ScriptLauncher;
import org.lmlab.kernel.report.ReportCommand;
import org.lmlab.provenance.ProvenanceRecorder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code lmlab} command: run the kernel, install its kernelspec, print the version. */
@Command(name = "lmlab", mixinStandardHelpOptions = true, version = "lmlab " + LmlabKernel.VERSION,
        description = "Java Jupyter kernel and notebook analytics for language-model research.",
        subcommands = {Main.Kernel.class, Main.Run.class, Main.Install.class, Main.MagicsDoc.class,
                DoctorCommand.class, LabCommand.class, ReportCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        // Fast paths: Jupyter starts the kernel often, and picocli's classes (Java 5 bytecode)
        // cannot go into the class-data-sharing archive that makes start-up fast.
        if (args.length == 2 && args[0].equals("kernel")) {
            System.exit(KernelLauncher.run(Path.of(args[1])));
        }
        if (args.length == 1 && args[0].equals(CdsTraining.FLAG)) {
            System.exit(CdsTraining.run());
        }
        CommandLine commandLine = new CommandLine(new Main());
        System.exit(commandLine.execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    @Command(name = "kernel", mixinStandardHelpOptions = true,
            description = "Run the kernel on a Jupyter connection file (Jupyter starts this for you).")
    static final class Kernel implements Callable<Integer> {
        @Parameters(paramLabel = "CONNECTION_FILE", description = "The JSON connection file written by Jupyter.")
        Path connectionFile;

        @Override
        public Integer call() {
            return KernelLauncher.run(connectionFile);
        }
    }

    // picocli prints %% as %: the separator `// %%` is written %%%%
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Run a notebook's code cells or a script of cells (separated by `// %%%%` lines) "
                    + "with the kernel's evaluator and magics, printing results and progress on the terminal.",
                    "Relative paths in cells resolve against the working directory: run a notebook from its folder."})
    static final class Run implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "A .ipynb notebook or a text script of cells.")
        Path script;

        @Option(names = "--out", paramLabel = "DIR",
                description = "Write images (PNG, SVG) and HTML outputs into DIR as cellN-K.png etc.")
        Path outputDir;

        @Option(names = "--report", paramLabel = "FILE",
                description = "Write every output (cell, kind, MIME types, text/plain) to FILE as JSON.")
        Path report;

        @Option(names = "--keep-going", description = "Run the remaining cells after a failing cell (exit code stays 1).")
        boolean keepGoing;

        @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE",
                description = {"Override a default of the parameters cell (tagged `parameters`, or a `// %%%% parameters` "
                        + "block), typed as it declares it: --param seed=7 --param lr=0.01 --param name=x "
                        + "--param sizes=1,2,4. Repeatable; an unknown name or a mistyped value stops before any cell runs."})
        Map<String, String> parameters = new LinkedHashMap<>();

        @Override
        public Integer call() {
            ProvenanceRecorder.shared().parameters(parameters);
            return ScriptLauncher.run(script, parameters, outputDir, report, keepGoing);
        }
    }

    @Command(name = "magics-doc", mixinStandardHelpOptions = true,
            description = "Print the magics reference (docs/magics.md) generated from the magics' help.")
    static final class MagicsDoc implements Callable<Integer> {
        @Override
        public Integer call() {
            System.out.print(MagicsReference.markdown(CoreMagics.registry()));
            return 0;
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Install the lmlab kernelspec so Jupyter and JupyterLab's launcher list it.")
    static final class Install implements Callable<Integer> {
        @Option(names = "--prefix", paramLabel = "DIR",
                description = "Install into DIR/share/jupyter/kernels (e.g. a virtual environment); default: the user's Jupyter data directory.")
        Path prefix;

        @Option(names = "--name", defaultValue = "lmlab", description = "Kernelspec name (default: ${DEFAULT-VALUE}).")
        String name;

        @Option(names = "--display-name", defaultValue = "lmlab (Java)",
                description = "Name shown in the launcher (default: ${DEFAULT-VALUE}).")
        String displayName;

        @Option(names = "--java", paramLabel = "PATH",
                description = "Java executable the kernel runs on (default: the one running this installer).")
        Path java;

        @Option(names = "--heap", paramLabel = "SIZE",
                description = "Maximum heap of the kernel's JVM (-Xmx), e.g. 8g or 512m; default: the JVM's own (a quarter of the RAM).")
        String heap;

        @Override
        public Integer call() throws Exception {
            if (heap != null && !heap.matches("\\d+[kKmMgGtT]?")) {
                System.err.println("lmlab install: --heap " + heap + " is not a size such as 8g, 512m or 1073741824");
                return 2;
            }
            KernelspecInstaller installer = KernelspecInstaller.forThisInstallation(java).heap(heap);
            Path dir = installer.install(prefix, name, displayName);
            System.out.println("Installed kernelspec '" + name + "' in " + dir);
            System.out.println("Kernel runs: " + String.join(" ", installer.argv()));
            return 0;
        }
    }
}
