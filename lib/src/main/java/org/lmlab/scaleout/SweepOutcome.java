package org.lmlab.scaleout;

import java.util.List;
import org.lmlab.model.extrapolation.sweep.Sweep;
import org.lmlab.table.Table;

/**
 * A sweep finished on a cluster.
 *
 * @param sweep     what a local sweep returns: the table of every row the results file holds, in cell order, read back
 *                  from it (failed cells are not rows), cells run and written by this call, cells the file already
 *                  held, what resuming cut off
 * @param submitted tasks submitted (one per cell the file lacked)
 * @param failed    cells that failed their last attempt, in cell order (no row; resuming runs them again)
 */
public record SweepOutcome(Sweep.Outcome sweep, int submitted, List<FailedCell> failed) implements AutoCloseable {

    /**
     * A cell that failed every attempt.
     *
     * @param error    the last attempt's exception (class and message), or the engine's reason when the task never ran
     * @param attempts attempts made at it
     * @param executor where the last attempt ran ("?" when unknown)
     */
    public record FailedCell(int cell, String key, String error, int attempts, String executor) {}

    public SweepOutcome {
        failed = List.copyOf(failed);
    }

    /** The table (closed with this outcome). */
    public Table table() {
        return sweep.table();
    }

    /** Cells run and written by this call. */
    public int ran() {
        return sweep.ran();
    }

    /** Cells the results file already held. */
    public int skipped() {
        return sweep.skipped();
    }

    @Override
    public void close() {
        sweep.close();
    }
}
