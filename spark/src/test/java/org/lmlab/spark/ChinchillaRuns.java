package org.lmlab.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.lmlab.scaling.LawFitter;
import org.lmlab.scaling.Runs;
import org.lmlab.scaling.ScalingData;
import org.lmlab.scaling.StartGrid;
import org.lmlab.scaling.law.ChinchillaLaw;

/**
 * The bundled Chinchilla runs (datasets/chinchilla, see its PROVENANCE.md) and the fitter lib's bootstrap tests use.
 * Kept free of static state other than constants: executors load this class to build their fitter.
 */
final class ChinchillaRuns {

    /** α, β ∈ {0, 1, 2}; e ∈ {−1, 0, 1}; a, b ∈ {0, 10, 20}: lib's 243-start test sub-grid of the replication's. */
    private static final StartGrid SUB_GRID = new StartGrid(new double[] {0, 1, 2}, new double[] {0, 1, 2},
            new double[] {-1, 0, 1}, new double[] {0, 10, 20}, new double[] {0, 10, 20});

    private ChinchillaRuns() {
    }

    /** The 240 runs the replication fits: all 245 minus the 5 highest losses. */
    static ScalingData replicationRuns() {
        Path csv = Path.of(System.getProperty("lmlab.root", "..")).resolve("datasets/chinchilla/chinchilla_runs.csv");
        try {
            return ScalingData.of(Runs.dropHighestLoss(Runs.fromCsv(csv), 5));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fitter of the full fit and of every refit, as a {@link FitterFactory} ships it. */
    static LawFitter fitter() {
        return new LawFitter(new ChinchillaLaw(SUB_GRID));
    }
}
