package org.lmlab.magics;

/** Wrong arguments to a magic: the message says what is wrong, {@link #usage()} how to call it. */
public class MagicUsageException extends Exception {

    private static final long serialVersionUID = 1L;
    private final String usage;

    public MagicUsageException(String message, String usage) {
        super(message);
        this.usage = usage;
    }

    public String usage() {
        return usage;
    }
}
