package org.lmlab.table;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table's rows grouped by the values of key columns, in one pass: {@link #of} keeps groups in
 * order of first appearance (as pandas' {@code groupby(sort=False)}); {@link #sorted} orders the
 * groups of one column for charts (numbers ascending, missing values last).
 */
public final class RowGroups {

    /** The name of the group of rows whose key is missing, in {@link #sorted}. */
    public static final String MISSING = "(missing)";

    private RowGroups() {
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

        /** The rows as an array. */
        public int[] rowArray() {
            return rows.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /**
     * The rows per distinct combination of the {@code by} columns' text ({@link TableColumns#text}:
     * "null" for a null cell), in order of first appearance.
     */
    public static List<Group> of(Table table, List<String> by) {
        Map<List<String>, List<Integer>> rows = new LinkedHashMap<>();
        for (int row = 0; row < table.rowCount(); row++) {
            List<String> key = new ArrayList<>(by.size());
            for (String c : by) {
                key.add(TableColumns.text(table, c, row));
            }
            rows.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
        }
        List<Group> out = new ArrayList<>(rows.size());
        rows.forEach((key, r) -> out.add(new Group(key, r)));
        return out;
    }

    /**
     * The rows per distinct value of one column, for charts: a numeric column's groups ascending by
     * value and named by {@link TableColumns#plain} (integers in full), other columns' groups in order
     * of first appearance; rows whose value is missing (null, NaN, or an empty string) last, as
     * {@link #MISSING}.
     *
     * @throws IllegalArgumentException for an unknown column ({@link TableColumns#requireFor} in role "by")
     */
    public static List<Group> sorted(Table table, String column) {
        String by = TableColumns.requireFor(table, column, "by");
        ColumnType type = table.type(by);
        boolean numeric = TableColumns.isNumeric(type);
        Map<String, List<Integer>> rows = new LinkedHashMap<>();
        Map<String, Double> values = new LinkedHashMap<>();
        List<Integer> missing = new ArrayList<>();
        for (int row = 0; row < table.rowCount(); row++) {
            String key = numeric ? numberKey(table, by, type, row) : textKey(table, by, row);
            if (key == null) {
                missing.add(row);
                continue;
            }
            rows.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
            if (numeric) {
                values.putIfAbsent(key, table.number(by, row));
            }
        }
        List<String> names = new ArrayList<>(rows.keySet());
        if (numeric) {
            names.sort(Comparator.comparingDouble(values::get));
        }
        List<Group> out = new ArrayList<>(names.size() + 1);
        names.forEach(name -> out.add(new Group(List.of(name), rows.get(name))));
        if (!missing.isEmpty()) {
            out.add(new Group(List.of(MISSING), missing));
        }
        return out;
    }

    /**
     * The groups of {@link #sorted} that hold at least one number (not NaN) in {@code values}, a
     * column read whole.
     *
     * @throws IllegalArgumentException "TABLE has no numbers in column 'C'" when none does
     */
    private static List<Group> sortedWithNumbers(Table table, String by, double[] values, String valueColumn) {
        List<Group> out = new ArrayList<>();
        for (Group g : sorted(table, by)) {
            if (g.rows().stream().anyMatch(r -> !Double.isNaN(values[r]))) {
                out.add(g);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(TableColumns.describe(table) + " has no numbers in column '"
                    + valueColumn + "'");
        }
        return out;
    }

    /**
     * The numbers of {@code column} ({@link TableColumns#numbersOrNaN} in {@code role}) split by the
     * groups of {@code by} that hold one ({@link #sortedWithNumbers}), in group order: one series or
     * box per group of a chart.
     */
    public static Map<String, double[]> valuesBy(Table table, String column, String by, String role) {
        double[] values = TableColumns.numbersOrNaN(table, column, role);
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Group g : sortedWithNumbers(table, by, values, column)) {
            out.put(g.label(), TableColumns.select(values, g.rowArray()));
        }
        return out;
    }

    private static String numberKey(Table table, String column, ColumnType type, int row) {
        if (table.isNull(column, row)) {
            return null;
        }
        if (type == ColumnType.INT32 || type == ColumnType.INT64) {
            return String.valueOf(((Number) table.get(column, row)).longValue());
        }
        double v = table.number(column, row);
        return Double.isNaN(v) ? null : TableColumns.plain(v);
    }

    private static String textKey(Table table, String column, int row) {
        Object v = table.get(column, row);
        String text = v == null ? "" : v.toString();
        return text.isEmpty() ? null : text;
    }
}
