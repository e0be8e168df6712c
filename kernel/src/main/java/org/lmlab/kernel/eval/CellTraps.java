package org.lmlab.kernel.eval;

import org.lmlab.progress.Cancellation;

/**
 * What a cell's rewritten classes call ({@link CellRewriter}): exits that throw instead of ending
 * the kernel, and a check at the start of each broad catch handler, so that a cell which swallows
 * every Throwable still stops when the user interrupts it. Public because the cells' classes,
 * loaded by JShell, call it.
 */
public final class CellTraps {

    private CellTraps() {
    }

    /** Replaces {@code System.exit(status)}. */
    public static void exit(int status) {
        throw blocked("System.exit(" + status + ")");
    }

    /** Replaces {@code runtime.exit(status)}; the receiver stays on the stack, so it is a parameter. */
    public static void exit(Runtime runtime, int status) {
        throw blocked("Runtime.exit(" + status + ")");
    }

    /** Replaces {@code runtime.halt(status)}. */
    public static void halt(Runtime runtime, int status) {
        throw blocked("Runtime.halt(" + status + ")");
    }

    /**
     * Called with the exception a broad handler ({@code catch (Throwable|Error|Exception|
     * RuntimeException)}) just caught: while an interrupt is pending the handler does not run and
     * the cell stops instead.
     */
    public static void caught(Throwable caught) {
        if (Cancellation.requested()) {
            Cancellation.CancelledException stop = new Cancellation.CancelledException();
            stop.addSuppressed(caught);
            throw stop;
        }
    }

    private static SecurityException blocked(String call) {
        return new SecurityException(call + " was blocked: it would end the kernel and lose the session. "
                + "Restart the kernel from the front end instead.");
    }
}
