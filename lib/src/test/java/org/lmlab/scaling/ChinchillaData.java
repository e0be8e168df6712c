package org.lmlab.scaling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.lmlab.reference.PythonReference;

/** The bundled Chinchilla runs (datasets/chinchilla, see PROVENANCE.md). */
public final class ChinchillaData {

    public static final Path CSV = PythonReference.root().resolve("datasets/chinchilla/chinchilla_runs.csv");

    private ChinchillaData() {
    }

    /** The 240 runs the replication fits: all 245 minus the 5 highest losses. */
    public static List<Run> replicationRuns() {
        try {
            return Runs.dropHighestLoss(Runs.fromCsv(CSV), 5);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
