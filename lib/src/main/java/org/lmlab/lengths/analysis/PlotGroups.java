package org.lmlab.lengths.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lmlab.table.Table;
import org.lmlab.table.RowGroups;
import org.lmlab.table.TableColumns;

/**
 * The inputs of the length charts ({@link org.lmlab.lengths.plot.LengthPlots}) from a table: the
 * lengths per group, and per group the lengths of each prompt. Groups are labelled by
 * {@link RowGroups.Group#label()}.
 */
public final class PlotGroups {

    private PlotGroups() {
    }

    /** The {@code value} column per group of the {@code by} columns, in first-seen order. */
    public static Map<String, double[]> lengths(Table table, List<String> by, String value) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (RowGroups.Group g : RowGroups.of(table, by)) {
            out.put(g.label(), TableColumns.numbers(table, value, g.rows()));
        }
        return out;
    }

    /**
     * Per group of the {@code by} columns, the {@code value} column of each prompt (a distinct
     * combination of the {@code prompt} columns) that has rows in the group: prompts in the order
     * they first appear in the table, each prompt's lengths in table order. One pass over the rows.
     */
    public static Map<String, List<double[]>> promptLengths(Table table, List<String> by, List<String> prompt,
            String value) {
        List<RowGroups.Group> groups = RowGroups.of(table, by);
        int[] groupOf = new int[table.rowCount()];
        for (int i = 0; i < groups.size(); i++) {
            for (int row : groups.get(i).rows()) {
                groupOf[row] = i;
            }
        }
        List<List<double[]>> samples = new ArrayList<>();
        groups.forEach(g -> samples.add(new ArrayList<>()));
        for (RowGroups.Group p : RowGroups.of(table, prompt)) {
            // the prompt's rows split by group, each part in table order
            Map<Integer, List<Integer>> parts = new LinkedHashMap<>();
            for (int row : p.rows()) {
                parts.computeIfAbsent(groupOf[row], k -> new ArrayList<>()).add(row);
            }
            parts.forEach((group, rows) -> samples.get(group).add(TableColumns.numbers(table, value, rows)));
        }
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            out.put(groups.get(i).label(), samples.get(i));
        }
        return out;
    }
}
