package org.lmlab.scaleout;

import java.nio.file.Path;
import org.lmlab.model.LoadOptions;
import org.lmlab.model.extrapolation.sweep.SweepGrid;
import org.lmlab.model.extrapolation.sweep.SweepTaskSpec;

/**
 * A length-extrapolation sweep to run on a cluster ({@link ScaleOut.Session#sweep}).
 *
 * @param model     the model's name, the grid's model (a loaded model's {@code name()})
 * @param modelFile its weights on the driver (a loaded model's {@code path()}), shipped to the executors
 * @param options   how each executor loads it
 * @param task      the task, as a description each executor rebuilds
 * @param grid      the cells
 * @param results   the results file, the local sweep's format
 * @param resume    continue {@code results} (run only the cells it lacks) instead of creating it
 */
public record SweepRequest(String model, Path modelFile, LoadOptions options, SweepTaskSpec task, SweepGrid grid,
        Path results, boolean resume) {
}
