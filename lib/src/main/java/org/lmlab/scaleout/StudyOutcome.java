package org.lmlab.scaleout;

import java.util.List;
import org.lmlab.table.Table;
import org.lmlab.training.study.PeStudy;

/**
 * A positional-encoding study finished on a cluster.
 *
 * @param study     what a local study returns: every row the results file holds, in the study's order, read back from
 *                  it; runs trained by this call, runs the file already held, what resuming cut off, diverged runs
 * @param submitted tasks submitted (one per run the file lacked rows of)
 * @param failed    runs that failed their last attempt, in the study's order ({@code cell} is the run's index,
 *                  {@code key} its label; no rows; resuming trains them again)
 */
public record StudyOutcome(PeStudy.Outcome study, int submitted, List<SweepOutcome.FailedCell> failed)
        implements AutoCloseable {

    public StudyOutcome {
        failed = List.copyOf(failed);
    }

    /** The table (closed with this outcome). */
    public Table table() {
        return study.table();
    }

    @Override
    public void close() {
        study.close();
    }
}
