package org.lmlab.table.sql;

import java.nio.file.Path;

/** What a statement that returns no rows did to the table catalog or the file system, said in one line. */
public sealed interface SqlEffect {

    String message();

    record Dropped(String table) implements SqlEffect {
        public String message() {
            return "dropped table " + table;
        }
    }

    record Created(String table, int rows, int columns, boolean replaced) implements SqlEffect {
        public String message() {
            return (replaced ? "replaced" : "created") + " table " + table + " (" + rows + " rows x " + columns
                    + " columns)";
        }
    }

    record Wrote(Path file, long rows) implements SqlEffect {
        public String message() {
            return "wrote " + (rows >= 0 ? rows + " rows to " : "") + file;
        }
    }

    /** The statement had nothing to do (IF EXISTS / IF NOT EXISTS). */
    record Unchanged(String message) implements SqlEffect {
    }
}
