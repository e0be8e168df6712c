package org.lmlab.lengths.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lmlab.table.Table;

/**
 * Reading a length table: its rows grouped by key columns (in first-seen order, one pass), numeric
 * columns as doubles with a null or text cell named by row, and cells as text for keys and labels.
 */
public final class Groups {

    private Groups() {
    }

    /**
     * One group: the text of its key columns and its row indices in table order.
     *
     * @param key  one value per key column (empty when there are no key columns)
     * @param rows the table rows of the group, ascending
     */
    public record Group(List<String> key, List<Integer> rows) {
        public Group {
            key = List.copyOf(key);
            rows = List.copyOf(rows);
        }

        /** The key as a label: its values joined by " / ", or "all" without key columns. */
        public String label() {
            return key.isEmpty() ? "all" : String.join(" / ", key);
        }
    }

    /** The rows per distinct combination of the {@code by} columns (their text), in first-seen order. */
    public static List<Group> of(Table table, List<String> by) {
        Map<List<String>, List<Integer>> rows = new LinkedHashMap<>();
        for (int row = 0; row < table.rowCount(); row++) {
            List<String> key = new ArrayList<>(by.size());
            for (String c : by) {
                key.add(text(table, c, row));
            }
            rows.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
        }
        List<Group> out = new ArrayList<>(rows.size());
        rows.forEach((key, r) -> out.add(new Group(key, r)));
        return out;
    }

    /**
     * A numeric column at {@code rows}.
     *
     * @throws IllegalArgumentException naming the row of a null or non-number cell, or the unknown column
     */
    public static double[] numbers(Table table, String column, List<Integer> rows) {
        table.type(column); // an unknown column fails here, with the table's columns, not as a row's
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(table, column, rows.get(i));
        }
        return out;
    }

    /** A whole numeric column, as {@link #numbers(Table, String, List)}. */
    public static double[] numbers(Table table, String column) {
        table.type(column);
        double[] out = new double[table.rowCount()];
        for (int row = 0; row < out.length; row++) {
            out[row] = number(table, column, row);
        }
        return out;
    }

    /**
     * One numeric cell ({@link Table#number}).
     *
     * @throws IllegalArgumentException "row N: column 'C' is null" or "... is not a number (V)"
     */
    public static double number(Table table, String column, int row) {
        try {
            return table.number(column, row);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("row " + row + ": " + e.getMessage(), e);
        }
    }

    /** A cell as text: grouping keys and labels ("null" for a null cell). */
    public static String text(Table table, String column, int row) {
        Object v = table.get(column, row);
        return v == null ? "null" : v.toString();
    }

    /** A column's cells at {@code rows} as text. */
    public static List<String> texts(Table table, String column, List<Integer> rows) {
        return rows.stream().map(row -> text(table, column, row)).toList();
    }
}
