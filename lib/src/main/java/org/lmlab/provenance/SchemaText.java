package org.lmlab.provenance;

import java.util.Map;
import org.lmlab.table.Table;

/** A table's schema with its schema metadata, as {@code %table schema} shows it. */
public final class SchemaText {

    private SchemaText() {
    }

    /**
     * The columns, then each metadata entry as stored, except a provenance record: it holds the times
     * and machine of the run that made it, so a schema shown in a notebook or report would differ from
     * run to run; a line names it and {@code %provenance NAME} shows it.
     *
     * @param name the table's session name (for the pointer to {@code %provenance})
     */
    public static String of(Table table, String name) {
        StringBuilder text = new StringBuilder(table.schema().toString());
        if (table.metadata().isEmpty()) {
            return text.toString();
        }
        text.append(System.lineSeparator()).append("metadata:");
        for (Map.Entry<String, String> entry : table.metadata().entrySet()) {
            String value = entry.getValue();
            if (entry.getKey().equals(Provenance.METADATA_KEY)) {
                value = "a provenance record (%provenance " + name + " shows it)";
            }
            text.append(System.lineSeparator()).append("  ").append(entry.getKey()).append(": ")
                    .append(value.replace("\n", System.lineSeparator() + "  "));
        }
        return text.toString();
    }
}
