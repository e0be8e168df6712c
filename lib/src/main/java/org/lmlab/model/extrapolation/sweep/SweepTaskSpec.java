package org.lmlab.model.extrapolation.sweep;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A sweep task as a serializable description, for sweeps run elsewhere (the {@code spark} module's
 * {@code SparkSweep}): it is rebuilt into its {@link SweepTask} where the cells run (the tasks themselves hold
 * tokenised texts and are not serializable). The files it names are shipped by the engine (Spark:
 * {@code SparkContext.addFile}) and read from the local copy.
 *
 * @see PerplexitySpec
 * @see RetrievalSpec
 */
public interface SweepTaskSpec extends Serializable {

    /** Files (or directories) the task reads, as the driver sees them; each is shipped to every executor. */
    List<Path> files();

    /**
     * Builds the task.
     *
     * @param local where each of {@link #files()} is on this machine (the driver: itself; an executor: its copy)
     */
    SweepTask build(UnaryOperator<Path> local);
}
