package org.lmlab.kernel.doctor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A short external command's exit status and combined output (exit -1 when it timed out). */
record CommandOutput(int exit, String text) {

    static CommandOutput run(List<String> command, int timeoutSeconds) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        try {
            // The probes print a line or two: reading to the end cannot block on a full pipe.
            byte[] bytes = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new CommandOutput(-1, new String(bytes, StandardCharsets.UTF_8).strip());
            }
            return new CommandOutput(process.exitValue(), new String(bytes, StandardCharsets.UTF_8).strip());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
    }

    /** The last line of the output (where Python puts the exception), for one-line reports. */
    String lastLine() {
        String[] lines = text.split("\\R");
        return lines.length == 0 ? "" : lines[lines.length - 1];
    }
}
