package org.lmlab.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.lmlab.model.extrapolation.sweep.SweepTask;

/**
 * A sweep task as a serializable description, rebuilt into its {@link SweepTask} on each executor (the tasks
 * themselves hold tokenised texts and are not serializable). The files it names are shipped with Spark's own
 * mechanism ({@code SparkContext.addFile}) and read from the executor's copy.
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
