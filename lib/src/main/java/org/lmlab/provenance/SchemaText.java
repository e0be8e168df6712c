package org.lmlab.provenance;

import java.util.Map;
import org.lmlab.table.Table;

/** A table's schema with its schema metadata, as {@code %table schema} shows it. */
public final class SchemaText {

    private SchemaText() {
    }

    /**
     * The columns, then each metadata entry; a provenance record is indented JSON, other values
     * are shown as stored.
     */
    public static String of(Table table) {
        StringBuilder text = new StringBuilder(table.schema().toString());
        if (table.metadata().isEmpty()) {
            return text.toString();
        }
        text.append(System.lineSeparator()).append("metadata:");
        for (Map.Entry<String, String> entry : table.metadata().entrySet()) {
            String value = entry.getValue();
            if (entry.getKey().equals(Provenance.METADATA_KEY)) {
                try {
                    value = Provenance.fromJson(value).toPrettyJson();
                } catch (IllegalArgumentException e) {
                    // not ours after all: show it as stored
                }
            }
            text.append(System.lineSeparator()).append("  ").append(entry.getKey()).append(": ")
                    .append(value.replace("\n", System.lineSeparator() + "  "));
        }
        return text.toString();
    }
}
