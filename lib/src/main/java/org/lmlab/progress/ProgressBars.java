package org.lmlab.progress;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;
import org.lmlab.display.Notebook;

/** Ready-made progress bars: one in the notebook (a display updated in place), one on a terminal. */
public final class ProgressBars {

    private static final AtomicLong IDS = new AtomicLong();

    private ProgressBars() {
    }

    /** A bar shown with {@code display} and refreshed with {@code updateDisplay} (≤ 10 per second). */
    public static Progress notebook() {
        String id = "lmlab-progress-" + ProcessHandle.current().pid() + "-" + IDS.incrementAndGet();
        boolean[] shown = {false};
        return new ThrottledProgress(state -> {
            if (!shown[0]) {
                shown[0] = true;
                Notebook.display(state, id);
            } else {
                Notebook.updateDisplay(id, state);
            }
        }, 100);
    }

    /** A bar redrawn in place with carriage returns (≤ 5 per second), ending with a newline. */
    public static Progress terminal(PrintStream out) {
        return new ThrottledProgress(state -> {
            out.print("\r" + state.text());
            if (state.finished()) {
                out.println();
            }
            out.flush();
        }, 200);
    }
}
