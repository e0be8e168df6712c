package org.lmlab.kernel.eval;

import java.security.Permission;

/**
 * Turns {@code System.exit} from a cell into an exception instead of a dead kernel. Uses a
 * SecurityManager that allows everything except exit while cells may run; available on JDK
 * 17-23 (started with {@code -Djava.security.manager=allow}). On newer JDKs there is no way to
 * veto exit in-process, and {@link #install()} reports that.
 */
@SuppressWarnings("removal")
public final class ExitGuard extends SecurityManager {

    private static volatile boolean exitAllowed;

    private ExitGuard() {
    }

    /** @return null when installed, else why not (to log once at start-up) */
    public static String install() {
        try {
            System.setSecurityManager(new ExitGuard());
            return null;
        } catch (UnsupportedOperationException | SecurityException e) {
            return "System.exit in a cell will end the kernel on this JDK (" + Runtime.version()
                    + "): its Security Manager is unavailable (" + e.getMessage() + ")";
        }
    }

    /** Lets the kernel itself exit (shutdown_request). */
    public static void allowExit() {
        exitAllowed = true;
    }

    @Override
    public void checkExit(int status) {
        if (!exitAllowed) {
            throw new SecurityException("System.exit(" + status + ") was blocked: it would end the kernel. "
                    + "Restart the kernel from the front end instead.");
        }
    }

    @Override
    public void checkPermission(Permission perm) {
        // Everything else is allowed; this manager exists only to veto exit.
    }

    @Override
    public void checkPermission(Permission perm, Object context) {
    }
}
