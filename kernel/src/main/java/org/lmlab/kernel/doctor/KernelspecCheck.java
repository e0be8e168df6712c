package org.lmlab.kernel.doctor;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.lmlab.kernel.install.JavaVersionProbe;
import org.lmlab.kernel.install.KernelspecInstaller;
import org.lmlab.kernel.install.StartupArchive;

/**
 * The lmlab kernelspec Jupyter would use (the first {@code kernels/NAME/kernel.json} on its search
 * path): it exists, its Java exists and gets the flags its release needs, and the kernel jar it
 * runs exists. A start-up archive older than the jars (the JVM then ignores it) or a kernelspec
 * that runs another checkout's jar work, but are worth knowing about.
 */
public final class KernelspecCheck implements Check {

    /** Asks a java executable for its feature release; throws when it cannot be run. */
    public interface JavaProbe {
        int feature(Path java) throws IOException;
    }

    private final String kernelName;
    private final JupyterPaths paths;
    private final Installation installation;
    private final JavaProbe probe;

    public KernelspecCheck(String kernelName, JupyterPaths paths, Installation installation, JavaProbe probe) {
        this.kernelName = kernelName;
        this.paths = paths;
        this.installation = installation;
        this.probe = probe;
    }

    public KernelspecCheck(String kernelName, JupyterPaths paths, Installation installation) {
        this(kernelName, paths, installation, JavaVersionProbe::feature);
    }

    @Override
    public String name() {
        return "kernelspec";
    }

    /** The kernel.json Jupyter would pick, or null. */
    public Path find() {
        for (Path kernels : paths.kernelDirectories()) {
            Path spec = kernels.resolve(kernelName).resolve("kernel.json");
            if (Files.isRegularFile(spec)) {
                return spec;
            }
        }
        return null;
    }

    @Override
    public CheckResult run() {
        String reinstall = installation.installCommand();
        Path spec = find();
        if (spec == null) {
            return CheckResult.fail("no kernelspec '" + kernelName + "' in " + paths.kernelDirectories().stream()
                    .map(Path::toString).collect(Collectors.joining(", ")), reinstall);
        }
        List<String> argv;
        try {
            argv = argv(spec);
        } catch (IOException | RuntimeException e) {
            return CheckResult.fail(spec + " is not a kernelspec lmlab can read (" + e.getMessage() + ")", reinstall);
        }
        Path java = Path.of(argv.get(0));
        if (!Files.isExecutable(java)) {
            return CheckResult.fail(spec + " runs " + java + ", which does not exist or is not executable",
                    reinstall + " --java /path/to/jdk-17-or-newer/bin/java");
        }
        int feature;
        try {
            feature = probe.feature(java);
        } catch (IOException e) {
            return CheckResult.fail(spec + " runs " + java + ", which does not start: " + e.getMessage(),
                    reinstall + " --java /path/to/jdk-17-or-newer/bin/java");
        }
        List<String> missing = new ArrayList<>(KernelspecInstaller.jvmFlags(feature));
        missing.removeAll(argv);
        if (!missing.isEmpty()) {
            return CheckResult.fail(spec + " starts Java " + feature + " without " + String.join(" ", missing),
                    reinstall + " --java " + java);
        }
        int jarFlag = argv.indexOf("-jar");
        if (jarFlag < 0 || jarFlag + 1 >= argv.size()) {
            return CheckResult.fail(spec + " does not run an lmlab kernel jar (no -jar in argv)", reinstall);
        }
        Path jar = Path.of(argv.get(jarFlag + 1));
        if (!Files.isRegularFile(jar)) {
            boolean ours = jar.toAbsolutePath().normalize().equals(installation.kernelJar());
            return CheckResult.fail(spec + " runs " + jar + ", which does not exist",
                    ours ? installation.buildCommand() : installation.buildCommand() + " && " + reinstall);
        }
        String detail = spec.getParent() + ": Java " + feature + " (" + java + "), " + jar;
        String python = argv.stream().filter(a -> a.startsWith("-Dlmlab.python=")).findFirst()
                .map(a -> a.substring("-Dlmlab.python=".length())).orElse(null);
        if (python != null && !Files.exists(Path.of(python))) {
            return CheckResult.warn(detail + "; its Python environment " + python
                    + " (where the kernel looks for the bundled model) is gone", reinstall);
        }
        Optional<String> staleArchive = StartupArchive.staleness(argv, jarsBeside(jar));
        if (staleArchive.isPresent()) {
            return CheckResult.warn(detail + "; " + staleArchive.get(), reinstall);
        }
        if (!jar.toAbsolutePath().normalize().equals(installation.kernelJar())) {
            return CheckResult.warn(detail + "; that is not this checkout's jar (" + installation.kernelJar() + ")",
                    reinstall);
        }
        return CheckResult.ok(detail);
    }

    /** The distribution's jars (the kernel jar's folder), which the start-up archive covers. */
    private static List<Path> jarsBeside(Path jar) {
        try (Stream<Path> files = Files.list(jar.toAbsolutePath().getParent())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).toList();
        } catch (IOException e) {
            return List.of(jar);
        }
    }

    private static List<String> argv(Path spec) throws IOException {
        JsonObject json = JsonParser.parseString(Files.readString(spec)).getAsJsonObject();
        JsonArray array = json.getAsJsonArray("argv");
        if (array == null || array.isEmpty()) {
            throw new IllegalStateException("no argv");
        }
        List<String> argv = new ArrayList<>();
        for (JsonElement element : array) {
            argv.add(element.getAsString());
        }
        return argv;
    }
}
