package org.lmlab.kernel.doctor;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The checkout and the set-up's Python environment the Maven build names (lmlab.root, lmlab.python). */
final class Fixtures {

    private Fixtures() {
    }

    static Path root() {
        return Path.of(System.getProperty("lmlab.root", "..")).toAbsolutePath().normalize();
    }

    /** The set-up's venv; skips the test when the set-up has not run here. */
    static Path realVenv() {
        Path python = Path.of(System.getProperty("lmlab.python", root().resolve(".venv/bin/python").toString()));
        assumeTrue(Files.isExecutable(python),
                "no Python environment at " + python + " (bash environment/setup.sh main makes it)");
        return python.getParent().getParent();
    }

    static Installation realInstallation() {
        return new Installation(root(), realVenv());
    }

    /** Runs a command with extra environment variables; returns stdout, fails on a non-zero exit. */
    static String run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(false);
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] stdout = process.getInputStream().readAllBytes();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(command + " failed: " + stderr);
        }
        return new String(stdout, StandardCharsets.UTF_8);
    }

    static String python(String script) throws IOException, InterruptedException {
        return run(List.of(realVenv().resolve("bin/python").toString(), "-c", script), Map.of()).strip();
    }
}
