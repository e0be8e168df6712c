package org.lmlab.kernel.protocol;

import java.nio.file.Path;

/** A connection file that cannot be used; the message names the file and what is wrong. */
public class ConnectionFileException extends Exception {

    private static final long serialVersionUID = 1L;

    public ConnectionFileException(Path file, String problem) {
        super("Connection file " + file + " " + problem);
    }
}
