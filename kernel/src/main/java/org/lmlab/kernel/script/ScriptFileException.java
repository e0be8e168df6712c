package org.lmlab.kernel.script;

/** A script or notebook file that cannot be read as cells; the message names the file. */
public final class ScriptFileException extends Exception {

    public ScriptFileException(String message) {
        super(message);
    }
}
