package org.lmlab.progress;

/**
 * A cooperative stop for long library work (generation, perplexity windows, fit starts,
 * bootstrap replicates, sweeps, table batches). The kernel requests it when the user interrupts
 * a cell; library loops call {@link #check()} between steps and stop there, in a consistent
 * state. Delivering {@code Thread.interrupt} instead would close any NIO channel the thread is
 * reading (class path jars, model files) for the rest of the session.
 *
 * <p>One request covers every thread (worker pools included): a kernel runs one cell at a time.
 * Outside a kernel nothing requests a stop and {@link #check()} is a volatile read.
 */
public final class Cancellation {

    private static volatile boolean requested;

    private Cancellation() {
    }

    /** Asks the running work to stop at its next step. */
    public static void request() {
        requested = true;
    }

    /** Clears a request; the kernel calls it before each cell. */
    public static void reset() {
        requested = false;
    }

    /** Whether a stop was requested. */
    public static boolean requested() {
        return requested;
    }

    /** Stops here if a stop was requested. */
    public static void check() {
        if (requested) {
            throw new CancelledException();
        }
    }

    /** Thrown by {@link #check()}: the work was stopped by request, not by a fault. */
    public static final class CancelledException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public CancelledException() {
            super("stopped on request (interrupt)");
        }
    }
}
