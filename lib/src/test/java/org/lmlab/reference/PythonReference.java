package org.lmlab.reference;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Python snippet in the project's environment (numpy, scipy, pyarrow; see
 * environment/requirements-test.txt) so a test can compare lmlab with the reference implementation
 * side by side. A missing environment fails the test with the command that creates it: numeric
 * checks are never skipped silently.
 */
public final class PythonReference {

    private PythonReference() {
    }

    /** The project's Python: system property {@code lmlab.python}, set by the Maven build. */
    public static Path python() {
        String configured = System.getProperty("lmlab.python");
        Path python = configured != null ? Path.of(configured) : Path.of(".venv/bin/python");
        if (!Files.isExecutable(python)) {
            throw new IllegalStateException("The project's Python environment is missing (" + python
                    + "); create it with: bash environment/setup.sh");
        }
        return python;
    }

    /** The repository root (system property {@code lmlab.root}). */
    public static Path root() {
        return Path.of(System.getProperty("lmlab.root", "..")).toAbsolutePath().normalize();
    }

    /**
     * Runs {@code script} with {@code args} and returns its standard output.
     *
     * @throws IllegalStateException with Python's stderr when the script fails or takes over 5 minutes
     */
    public static String run(String script, String... args) throws IOException, InterruptedException {
        Path file = Files.createTempFile("lmlab-reference", ".py");
        try {
            Files.writeString(file, script);
            List<String> command = new ArrayList<>(List.of(python().toString(), file.toString()));
            command.addAll(List.of(args));
            Path err = Files.createTempFile("lmlab-reference", ".err");
            Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("Python reference timed out: " + command);
            }
            String stderr = Files.readString(err);
            Files.deleteIfExists(err);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("Python reference failed (exit " + process.exitValue()
                        + signal(process.exitValue()) + "):\n" + stderr);
            }
            return new String(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** What an exit status above 128 means: the process was killed by signal (status - 128). */
    static String signal(int status) {
        return switch (status) {
            case 132 -> ", killed by SIGILL: a native library used an instruction this CPU lacks, e.g. llama.cpp "
                    + "built for another machine's AVX-512/AMX; rebuild it portably with environment/llama-reference.sh";
            case 134 -> ", killed by SIGABRT: a native library aborted (see stderr)";
            case 135 -> ", killed by SIGBUS: a mapped file shrank or the disk is full";
            case 137 -> ", killed by SIGKILL: usually the kernel's out-of-memory killer";
            case 139 -> ", killed by SIGSEGV: a native library crashed";
            default -> status > 128 && status < 160 ? ", killed by signal " + (status - 128) : "";
        };
    }

    /**
     * Runs {@code script} with the path of a temporary JSON file holding {@code input} (Gson's
     * form: maps become objects, arrays lists) as its one argument, and parses its standard
     * output as a JSON object.
     */
    public static com.google.gson.JsonObject runOnJson(String script, Object input) throws IOException, InterruptedException {
        Path file = Files.createTempFile("lmlab-reference", ".json");
        try {
            Files.writeString(file, new com.google.gson.Gson().toJson(input));
            return com.google.gson.JsonParser.parseString(run(script, file.toString())).getAsJsonObject();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
