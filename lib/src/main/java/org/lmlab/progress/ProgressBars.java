package org.lmlab.progress;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.lmlab.display.DisplaySink;
import org.lmlab.display.Notebook;

/** Ready-made progress bars: one in the notebook (a display updated in place), one on a terminal. */
public final class ProgressBars {

    /** Display ids of progress bars start with this, so a terminal sink can redraw them in place. */
    public static final String DISPLAY_ID_PREFIX = "lmlab-progress-";

    private static final AtomicLong IDS = new AtomicLong();

    private ProgressBars() {
    }

    /** A bar in the notebook of this session ({@link Notebook}'s sink). */
    public static Progress notebook() {
        return displayed((state, id) -> Notebook.display(state, id), (id, state) -> Notebook.updateDisplay(id, state));
    }

    /** A bar shown on {@code sink} and refreshed in place there (≤ 10 per second). */
    public static Progress on(DisplaySink sink) {
        return displayed((state, id) -> sink.display(state.toMimeBundle(), id),
                (id, state) -> sink.update(id, state.toMimeBundle()));
    }

    private static Progress displayed(BiConsumer<ProgressState, String> show, BiConsumer<String, ProgressState> update) {
        String id = DISPLAY_ID_PREFIX + ProcessHandle.current().pid() + "-" + IDS.incrementAndGet();
        boolean[] shown = {false};
        return new ThrottledProgress(state -> {
            if (!shown[0]) {
                shown[0] = true;
                show.accept(state, id);
            } else {
                update.accept(id, state);
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
