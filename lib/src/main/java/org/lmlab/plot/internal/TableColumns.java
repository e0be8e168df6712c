package org.lmlab.plot.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.api.NumericColumn;

/** Reads plot data out of a Tablesaw table, with errors that name the column and list the others. */
public final class TableColumns {

    /** The name used for rows whose group value is missing. */
    public static final String MISSING_GROUP = "(missing)";

    private TableColumns() {
    }

    /** Rows of one group of a {@code by} column. */
    public record Group(String name, int[] rows) {
    }

    public static Column<?> column(Table table, String name, String role) {
        if (table == null) {
            throw new IllegalArgumentException("no table given (for " + role + ")");
        }
        if (name == null || !table.containsColumn(name)) {
            throw new IllegalArgumentException("no column '" + name + "' in " + describe(table) + " (for " + role
                    + "); available columns: " + String.join(", ", table.columnNames()));
        }
        return table.column(name);
    }

    /** A numeric column as doubles, NaN where a value is missing. */
    public static double[] numeric(Table table, String name, String role) {
        Column<?> column = column(table, name, role);
        if (!(column instanceof NumericColumn<?> numbers)) {
            throw new IllegalArgumentException("column '" + column.name() + "' is " + column.type().name()
                    + ", but " + role + " needs numbers; numeric columns: " + numericColumns(table));
        }
        double[] values = new double[numbers.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = numbers.isMissing(i) ? Double.NaN : numbers.getDouble(i);
        }
        return values;
    }

    /**
     * The rows of each distinct value of {@code by}: numeric keys ascending, other keys in order of
     * first appearance; missing values last, as {@link #MISSING_GROUP}.
     */
    public static List<Group> groups(Table table, String by) {
        Column<?> column = column(table, by, "by");
        boolean numeric = column instanceof NumericColumn<?>;
        Map<String, List<Integer>> rows = new LinkedHashMap<>();
        Map<String, Double> keys = new LinkedHashMap<>();
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < column.size(); i++) {
            if (column.isMissing(i)) {
                missing.add(i);
                continue;
            }
            String key = column.getString(i);
            rows.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
            if (numeric) {
                keys.putIfAbsent(key, ((NumericColumn<?>) column).getDouble(i));
            }
        }
        List<String> names = new ArrayList<>(rows.keySet());
        if (numeric) {
            names.sort(Comparator.comparingDouble(keys::get));
        }
        List<Group> groups = new ArrayList<>();
        for (String name : names) {
            groups.add(new Group(name, toArray(rows.get(name))));
        }
        if (!missing.isEmpty()) {
            groups.add(new Group(MISSING_GROUP, toArray(missing)));
        }
        return groups;
    }

    /** The groups of {@code by} that hold at least one number in {@code values}; at least one must. */
    public static List<Group> nonEmptyGroups(Table table, String by, double[] values, String valueColumn) {
        List<Group> groups = new ArrayList<>();
        for (Group g : groups(table, by)) {
            for (int r : g.rows()) {
                if (!Double.isNaN(values[r])) {
                    groups.add(g);
                    break;
                }
            }
        }
        if (groups.isEmpty()) {
            throw new IllegalArgumentException(describe(table) + " has no numbers in column '" + valueColumn + "'");
        }
        return groups;
    }

    /** "table 'runs'" or "the table" for an unnamed one. */
    public static String describe(Table table) {
        return table.name() == null || table.name().isBlank() ? "the table" : "table '" + table.name() + "'";
    }

    /** Every row, as one group named {@code name}. */
    public static Group all(Table table, String name) {
        int[] rows = new int[table.rowCount()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        return new Group(name, rows);
    }

    public static double[] select(double[] values, int[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return out;
    }

    private static String numericColumns(Table table) {
        List<String> names = new ArrayList<>();
        for (Column<?> c : table.columns()) {
            if (c instanceof NumericColumn<?>) {
                names.add(c.name());
            }
        }
        return names.isEmpty() ? "(none)" : String.join(", ", names);
    }

    private static int[] toArray(List<Integer> list) {
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }
}
