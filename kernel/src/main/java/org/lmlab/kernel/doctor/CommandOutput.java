package org.lmlab.kernel.doctor;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A short external command's exit status and combined output (exit -1 when it timed out). */
record CommandOutput(int exit, String text) {

    static CommandOutput run(List<String> command, int timeoutSeconds) throws IOException {
        // Output goes to a file: a command that hangs with its pipe open cannot block the reader.
        File log = File.createTempFile("lmlab-doctor", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
            process.getOutputStream().close();
            boolean done = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!done) {
                process.destroyForcibly();
            }
            String text = Files.readString(log.toPath(), StandardCharsets.UTF_8).strip();
            return new CommandOutput(done ? process.exitValue() : -1, done ? text
                    : "no answer within " + timeoutSeconds + " s" + (text.isEmpty() ? "" : ": " + text));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        } finally {
            Files.deleteIfExists(log.toPath());
        }
    }

    /** The last line of the output (where Python puts the exception), for one-line reports. */
    String lastLine() {
        String[] lines = text.split("\\R");
        return lines.length == 0 ? "" : lines[lines.length - 1];
    }
}
