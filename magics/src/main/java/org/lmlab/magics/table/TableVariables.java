package org.lmlab.magics.table;

import java.util.Optional;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.table.Table;

/** The rule for magics that define a Table variable: they never silently replace a variable of another type. */
public final class TableVariables {

    private TableVariables() {
    }

    /**
     * Refuses, unless {@code replace}, when session variable {@code name} exists with a type other
     * than Table.
     *
     * @param how the magic call that would define it, for the message ("%table load --as x")
     */
    public static void claim(MagicContext context, String name, boolean replace, String how, String usage)
            throws MagicUsageException {
        Optional<String> type = context.variableType(name);
        if (type.isPresent() && !holdsTable(type.get()) && !replace) {
            throw new MagicUsageException("variable '" + name + "' is a " + type.get() + "; " + how
                    + " would replace it with a Table. Pass --replace to replace it, or choose another name", usage);
        }
    }

    /**
     * Makes {@code table} the session variable and catalog table {@code name}; closes it when the
     * variable cannot be defined, so nothing is left half-registered.
     */
    public static void publish(MagicContext context, String name, Table table) throws Exception {
        try {
            attachProvenance(context, table);
            context.define(name, table, Table.class);
        } catch (Exception e) {
            table.close();
            throw e;
        }
        context.tables().put(name, table);
    }

    /**
     * Attaches the session's provenance record to a result table (schema metadata
     * {@code lmlab.provenance}); a table read from a file keeps the record it was saved with. A
     * record that cannot be made (a model file gone unreadable) is reported, never costs the result.
     */
    public static Table attachProvenance(MagicContext context, Table table) {
        try {
            return context.provenance().attach(table, context.progress());
        } catch (RuntimeException e) { // an unreadable model file, an interrupted hash: keep the result anyway
            context.err().println("warning: table '" + table.source() + "' has no provenance record: " + e.getMessage());
            return table;
        }
    }

    static boolean holdsTable(String typeName) {
        return typeName.equals(Table.class.getSimpleName()) || typeName.equals(Table.class.getCanonicalName());
    }
}
