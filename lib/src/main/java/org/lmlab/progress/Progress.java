package org.lmlab.progress;

/**
 * Progress of one long task (a multi-start fit, a sweep, a model load). Library code reports
 * through this interface and never knows who listens: a notebook bar, a terminal bar, or nobody.
 * Implementations throttle their own output, so calling {@link #step} per item is fine.
 */
public interface Progress extends AutoCloseable {

    /** Begins a task of {@code total} units; {@code total <= 0} means unknown. */
    void start(long total, String label);

    /** Records {@code units} more units done. */
    void step(long units);

    /**
     * Shows a short live figure beside the label ("loss 2.31"), replacing the previous one; bars
     * that cannot show it ignore it.
     */
    default void note(String text) {
    }

    /** Marks the task finished (also on failure, via {@link #close()}). */
    void done();

    @Override
    default void close() {
        done();
    }

    /** Reports to nobody. */
    Progress NONE = new Progress() {
        @Override
        public void start(long total, String label) {
        }

        @Override
        public void step(long units) {
        }

        @Override
        public void done() {
        }
    };
}
