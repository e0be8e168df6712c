package org.lmlab.magics;

/**
 * A magic that could not do its work for a reason the user can act on (an artifact that does
 * not exist, a file that cannot be read). The message is shown as is, without a stack trace.
 */
public class MagicFailure extends Exception {

    private static final long serialVersionUID = 1L;

    public MagicFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
