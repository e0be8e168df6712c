package org.lmlab.kernel.eval;

/**
 * Where a cell's calls to {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} go
 * once {@link ExitCalls} has rewritten its classes: an exception instead of a dead kernel. Public
 * because the cells' classes, loaded by JShell, call it.
 */
public final class ExitTrap {

    private ExitTrap() {
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

    private static SecurityException blocked(String call) {
        return new SecurityException(call + " was blocked: it would end the kernel and lose the session. "
                + "Restart the kernel from the front end instead.");
    }
}
