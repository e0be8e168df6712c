package org.lmlab.progress;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A {@link Progress} that turns calls into {@link ProgressState} snapshots and hands them to a
 * sink at most once per interval (always for the first and the final state). Thread-safe, so
 * parallel workers (bootstrap refits) may step it concurrently.
 */
public final class ThrottledProgress implements Progress {

    private final Consumer<ProgressState> sink;
    private final long intervalNanos;
    private final LongSupplier clock;
    private String label = "";
    private String note = "";
    private long total;
    private long completed;
    private long startedAt;
    private long lastShown = Long.MIN_VALUE;
    private boolean running;

    public ThrottledProgress(Consumer<ProgressState> sink, long intervalMillis) {
        this(sink, intervalMillis, System::nanoTime);
    }

    ThrottledProgress(Consumer<ProgressState> sink, long intervalMillis, LongSupplier clock) {
        this.sink = sink;
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.clock = clock;
    }

    @Override
    public synchronized void start(long total, String label) {
        this.total = total;
        this.label = label;
        this.note = "";
        this.completed = 0;
        this.startedAt = clock.getAsLong();
        this.running = true;
        show(false, true);
    }

    @Override
    public synchronized void step(long units) {
        if (!running) {
            return;
        }
        completed += units;
        show(false, false);
    }

    @Override
    public synchronized void note(String text) {
        note = text == null ? "" : text;
    }

    @Override
    public synchronized void done() {
        if (running) {
            running = false;
            show(true, true);
        }
    }

    private void show(boolean finished, boolean force) {
        long now = clock.getAsLong();
        if (force || now - lastShown >= intervalNanos) {
            lastShown = now;
            String shown = note.isEmpty() ? label : label + " · " + note;
            sink.accept(new ProgressState(shown, completed, total, (now - startedAt) / 1e9, finished));
        }
    }
}
