package org.lmlab.kernel.script;

/** A {@code --param} that cannot be applied: an unknown name or a value of the wrong type. */
public final class ParameterException extends Exception {

    public ParameterException(String message) {
        super(message);
    }
}
