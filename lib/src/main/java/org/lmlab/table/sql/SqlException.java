package org.lmlab.table.sql;

/** A SQL statement failed; the message gives DuckDB's reason and the statement. */
public final class SqlException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SqlException(String message, Throwable cause) {
        super(message, cause);
    }
}
