package org.lmlab.lengths.sampling;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lmlab.table.Table;
import org.lmlab.table.TableColumns;

/**
 * A prompt to sample responses for: its id (the {@code prompt_id} of the sample table) and text.
 *
 * @param id   unique among the prompts of a run
 * @param text the prompt as given (the chat template, if asked for, is applied when sampling)
 */
public record SamplePrompt(String id, String text) {

    public SamplePrompt {
        if (id == null || text == null) {
            throw new IllegalArgumentException("a prompt needs an id and a text");
        }
    }

    /**
     * The prompts of {@code table}: the text from column {@code textColumn}, the id from
     * {@code idColumn} (any type, as text) or, when it is null, the row index ("0", "1", ...).
     *
     * @throws IllegalArgumentException naming the table's columns when one is missing, and the row
     *     when a text or id is null or an id repeats
     */
    public static List<SamplePrompt> fromTable(Table table, String name, String textColumn, String idColumn) {
        TableColumns.requireAll(table, name, idColumn == null ? List.of(textColumn) : List.of(textColumn, idColumn));
        if (table.rowCount() == 0) {
            throw new IllegalArgumentException("table '" + name + "' has no rows: no prompts to sample");
        }
        List<SamplePrompt> out = new ArrayList<>();
        Map<String, Integer> rowOfId = new HashMap<>();
        for (int row = 0; row < table.rowCount(); row++) {
            Object text = table.get(textColumn, row);
            if (text == null) {
                throw new IllegalArgumentException("table '" + name + "' row " + row + ": the prompt ('" + textColumn
                        + "') is null");
            }
            Object id = idColumn == null ? Integer.toString(row) : table.get(idColumn, row);
            if (id == null) {
                throw new IllegalArgumentException("table '" + name + "' row " + row + ": the id ('" + idColumn
                        + "') is null");
            }
            Integer earlier = rowOfId.put(id.toString(), row);
            if (earlier != null) {
                throw new IllegalArgumentException("table '" + name + "': id '" + id + "' (column '" + idColumn
                        + "') is on rows " + earlier + " and " + row + "; prompt ids must be unique");
            }
            out.add(new SamplePrompt(id.toString(), text.toString()));
        }
        return out;
    }
}
