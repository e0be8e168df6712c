package org.lmlab.table.sql;

/**
 * A statement lmlab will not run, refused before anything in its cell ran: it would change
 * DuckDB's state behind the table catalog's back (INSERT, ALTER, ATTACH, SET ...).
 */
public final class SqlRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final String kind;

    public SqlRefusedException(String kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** The statement's kind as its leading keywords name it, such as {@code INSERT} or {@code DROP VIEW}. */
    public String kind() {
        return kind;
    }
}
