package org.lmlab.kernel.doctor;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Chromium, which only the browser tests drive (tests/python: chromium on PATH, else
 * /usr/bin/chromium): a missing one is a warning, lmlab itself works without it.
 */
public final class ChromiumCheck implements Check {

    static final String FIX = "sudo apt-get install -y chromium";
    private static final List<String> NAMES = List.of("chromium", "chromium-browser");

    private final String pathVariable;
    private final Path fallback;

    public ChromiumCheck(String pathVariable, Path fallback) {
        this.pathVariable = pathVariable == null ? "" : pathVariable;
        this.fallback = fallback;
    }

    public static ChromiumCheck ofThisMachine() {
        return new ChromiumCheck(System.getenv("PATH"), Path.of("/usr/bin/chromium"));
    }

    @Override
    public String name() {
        return "chromium";
    }

    /** The Chromium the browser tests would run, or null. */
    public Path find() {
        for (String dir : pathVariable.split(File.pathSeparator)) {
            for (String name : NAMES) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name);
                }
            }
        }
        return fallback != null && Files.isExecutable(fallback) ? fallback : null;
    }

    @Override
    public CheckResult run() {
        Path chromium = find();
        if (chromium == null) {
            return CheckResult.warn("no chromium on PATH or at " + fallback + " (needed by the browser tests only)", FIX);
        }
        try {
            CommandOutput out = CommandOutput.run(List.of(chromium.toString(), "--version"), 30);
            if (out.exit() != 0) {
                return CheckResult.warn(chromium + " --version failed: " + out.lastLine(), FIX);
            }
            return CheckResult.ok(out.lastLine() + " (" + chromium + ")");
        } catch (IOException e) {
            return CheckResult.warn(chromium + " does not start: " + e.getMessage(), FIX);
        }
    }
}
