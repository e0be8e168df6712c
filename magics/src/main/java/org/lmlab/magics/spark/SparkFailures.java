package org.lmlab.magics.spark;

import java.util.List;
import org.lmlab.magics.MagicContext;
import org.lmlab.scaleout.SweepOutcome;

/** The tasks of a {@code --on spark} run that failed every attempt, listed on the error stream after the run. */
public final class SparkFailures {

    private SparkFailures() {
    }

    /**
     * Prints nothing when none failed, else a line that counts them and one line each.
     *
     * @param noun        what a task is to the user ({@code cell}, {@code run})
     * @param consequence what the failure leaves and how to redo it ({@code have no row (--resume runs them again)})
     */
    public static void report(MagicContext context, List<SweepOutcome.FailedCell> failed, String noun,
                              String consequence) {
        if (failed.isEmpty()) {
            return;
        }
        context.err().println(failed.size() + " " + noun + "(s) failed every attempt and " + consequence + ":");
        for (SweepOutcome.FailedCell f : failed) {
            context.err().println("  " + noun + " " + (f.cell() + 1) + " (" + f.key() + "), " + f.attempts()
                    + " attempt(s), last on executor " + f.executor() + ": " + f.error());
        }
    }
}
