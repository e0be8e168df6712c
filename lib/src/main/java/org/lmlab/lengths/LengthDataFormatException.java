package org.lmlab.lengths;

import java.nio.file.Path;

/** A length data file (CASTILLO, AlpacaEval, ...) that cannot be read; the message starts with {@code path:line:}. */
public final class LengthDataFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;

    public LengthDataFormatException(Path file, int line, String message, Throwable cause) {
        super(file + ":" + line + ": " + message, cause);
        this.file = file;
        this.line = line;
    }

    /** The file being read. */
    public Path file() {
        return file;
    }

    /** The 1-based line number of the offending row. */
    public int line() {
        return line;
    }
}
