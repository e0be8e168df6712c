package org.lmlab.table.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file could not be read or written as a table. The message starts with where: the file and,
 * when known, the line ({@code data.csv:12: ...}) or byte offset
 * ({@code data.arrow (offset 4096): ...}).
 */
public final class TableFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long line;
    private final long offset;

    private TableFormatException(Path file, long line, long offset, String problem, Throwable cause) {
        this(location(file, line, offset), file, line, offset, problem, cause);
    }

    private TableFormatException(String where, Path file, long line, long offset, String problem, Throwable cause) {
        super(where + ": " + problem, cause);
        this.file = file;
        this.line = line;
        this.offset = offset;
    }

    /** A problem at a 1-based line of a text file. */
    public static TableFormatException atLine(Path file, long line, String problem, Throwable cause) {
        return new TableFormatException(file, line, -1, problem, cause);
    }

    /** A problem at a 1-based line and column (characters) of a text file: {@code data.csv:102:7: ...}. */
    public static TableFormatException atColumn(Path file, long line, long column, String problem, Throwable cause) {
        return new TableFormatException(file + ":" + line + ":" + column, file, line, -1, problem, cause);
    }

    /** A problem at a byte offset of a binary file. */
    public static TableFormatException atOffset(Path file, long offset, String problem, Throwable cause) {
        return new TableFormatException(file, -1, offset, problem, cause);
    }

    /** A problem with the file as a whole. */
    public static TableFormatException inFile(Path file, String problem, Throwable cause) {
        return new TableFormatException(file, -1, -1, problem, cause);
    }

    public Path file() {
        return file;
    }

    /** The 1-based line, or -1. */
    public long line() {
        return line;
    }

    /** The byte offset, or -1. */
    public long offset() {
        return offset;
    }

    private static String location(Path file, long line, long offset) {
        if (line >= 0) {
            return file + ":" + line;
        }
        return offset >= 0 ? file + " (offset " + offset + ")" : file.toString();
    }
}
