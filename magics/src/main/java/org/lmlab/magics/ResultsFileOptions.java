package org.lmlab.magics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --out PATH} and {@code --resume} for magics whose long runs append each finished row to a
 * results file (lib's {@code ResultsFile}); mix in with {@code @Mixin ResultsFileOptions results;}.
 */
public final class ResultsFileOptions {

    @Option(names = "--out", paramLabel = "PATH", description = "The results file (JSON Lines, a row per finished "
            + "item, each written at once; default: a temporary file).")
    Path out;

    @Option(names = "--resume", description = "Continue the run in --out: rows already there are kept and their work "
            + "skipped.")
    boolean resume;

    public boolean resume() {
        return resume;
    }

    /**
     * The file to write: {@code --out}, or a fresh temporary path named {@code prefix…} (not created,
     * since a run refuses to overwrite a file).
     *
     * @throws MagicUsageException for {@code --resume} without {@code --out}
     */
    public Path path(String prefix, String usage) throws MagicUsageException, IOException {
        if (resume && out == null) {
            throw new MagicUsageException("--resume continues the results file given with --out", usage);
        }
        if (out != null) {
            return out;
        }
        Path fresh = Files.createTempFile(prefix, ".jsonl");
        Files.delete(fresh);
        return fresh;
    }
}
