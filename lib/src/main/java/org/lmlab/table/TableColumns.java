package org.lmlab.table;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reading a {@link Table}'s columns for an analysis: name checks that list the table's columns,
 * numeric columns as doubles with errors naming the row and column of a bad cell, and cells as
 * text for keys and labels. Grouping rows by key columns is {@link RowGroups}.
 */
public final class TableColumns {

    private TableColumns() {
    }

    /**
     * Checks that {@code table} has every one of {@code columns}.
     *
     * @param name the table's name as the user knows it, or null when it has none
     * @throws IllegalArgumentException for the first missing column: "table 'NAME' has no column 'C';
     *                                  columns: [a, b]", or without a name "missing column 'C' (columns: a, b)"
     */
    public static void requireAll(Table table, String name, Collection<String> columns) {
        for (String c : columns) {
            if (!table.columnNames().contains(c)) {
                throw new IllegalArgumentException(name == null
                        ? "missing column '" + c + "' (columns: " + String.join(", ", table.columnNames()) + ")"
                        : "table '" + name + "' has no column '" + c + "'; columns: " + table.columnNames());
            }
        }
    }

    /** As {@link #requireAll(Table, String, Collection)} for an unnamed table, skipping null names (optional columns). */
    public static void requireAll(Table table, String... columns) {
        List<String> named = new ArrayList<>();
        for (String c : columns) {
            if (c != null) {
                named.add(c);
            }
        }
        requireAll(table, null, named);
    }

    /**
     * The column a role of a chart reads: {@code column} itself, else the first column whose name
     * equals it ignoring case (as the charts matched names when they read Tablesaw tables).
     *
     * @return the column's name as the table spells it
     * @throws IllegalArgumentException "no column 'C' in table 'S' (for ROLE); available columns: a, b"
     *                                  (S: the table's {@link Table#source source}), or "no table given"
     */
    public static String requireFor(Table table, String column, String role) {
        if (table == null) {
            throw new IllegalArgumentException("no table given (for " + role + ")");
        }
        if (column != null && table.columnNames().contains(column)) {
            return column;
        }
        for (String name : table.columnNames()) {
            if (name.equalsIgnoreCase(column)) {
                return name;
            }
        }
        throw new IllegalArgumentException("no column '" + column + "' in " + describe(table) + " (for " + role
                + "); available columns: " + String.join(", ", table.columnNames()));
    }

    /** "table 'SOURCE'", or "the table" when its source is blank. */
    public static String describe(Table table) {
        String source = table.source();
        return source == null || source.isBlank() ? "the table" : "table '" + source + "'";
    }

    /**
     * A whole numeric column (any numeric type) as doubles.
     *
     * @throws IllegalArgumentException for an unknown column (listing the table's columns), or
     *                                  "row N: column 'C' is null" / "row N: column 'C' is not a number (V)"
     */
    public static double[] numbers(Table table, String column) {
        table.type(column); // an unknown column fails here, with the table's columns, not as a row's
        double[] out = new double[table.rowCount()];
        for (int row = 0; row < out.length; row++) {
            out[row] = number(table, column, row);
        }
        return out;
    }

    /** A numeric column at {@code rows}, as {@link #numbers(Table, String)}. */
    public static double[] numbers(Table table, String column, List<Integer> rows) {
        table.type(column);
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(table, column, rows.get(i));
        }
        return out;
    }

    /**
     * One numeric cell ({@link Table#number}), with its row in the message.
     *
     * @throws IllegalArgumentException "row N: column 'C' is null" or "row N: column 'C' is not a number (V)"
     */
    public static double number(Table table, String column, int row) {
        try {
            return table.number(column, row);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("row " + row + ": " + e.getMessage(), e);
        }
    }

    /**
     * One numeric cell that must be finite and &gt; 0 (sizes, counts, losses).
     *
     * @throws IllegalArgumentException as {@link #number}, or "row N: column 'C' must be finite and &gt; 0, got V"
     */
    public static double positive(Table table, String column, int row) {
        double v = number(table, column, row);
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("row " + row + ": column '" + column + "' must be finite and > 0, got " + v);
        }
        return v;
    }

    /** True for the numeric column types (int32, int64, float32, float64). */
    public static boolean isNumeric(ColumnType type) {
        return type == ColumnType.INT32 || type == ColumnType.INT64 || type == ColumnType.FLOAT32
                || type == ColumnType.FLOAT64;
    }

    /** The names of the numeric columns, in table order. */
    public static List<String> numericColumns(Table table) {
        return table.schema().columns().stream().filter(c -> isNumeric(c.type())).map(ColumnSchema::name).toList();
    }

    /**
     * A numeric column, found as {@link #requireFor}, as doubles where a missing value is NaN: a null
     * cell, or a NaN (for charts, where both are gaps).
     *
     * @throws IllegalArgumentException for an unknown column, or one that is not numeric (listing the
     *                                  numeric columns)
     */
    public static double[] numbersOrNaN(Table table, String column, String role) {
        String name = requireFor(table, column, role);
        ColumnType type = table.type(name);
        if (!isNumeric(type)) {
            List<String> numeric = numericColumns(table);
            throw new IllegalArgumentException("column '" + name + "' is " + type.displayName() + ", but " + role
                    + " needs numbers; numeric columns: " + (numeric.isEmpty() ? "(none)" : String.join(", ", numeric)));
        }
        double[] out = new double[table.rowCount()];
        for (int row = 0; row < out.length; row++) {
            out[row] = table.isNull(name, row) ? Double.NaN : table.number(name, row);
        }
        return out;
    }

    /** A cell as text: grouping keys and labels ("null" for a null cell, Java's text of a number). */
    public static String text(Table table, String column, int row) {
        Object v = table.get(column, row);
        return v == null ? "null" : v.toString();
    }

    /** A column's cells at {@code rows} as text. */
    public static List<String> texts(Table table, String column, List<Integer> rows) {
        return rows.stream().map(row -> text(table, column, row)).toList();
    }

    /**
     * A number as a short plain label: no exponent and no trailing zeros ({@code 1}, {@code 0.0003},
     * {@code 2.5}), the shortest digits that give the double back.
     */
    public static String plain(double v) {
        if (v == 0) {
            return 1 / v < 0 ? "-0" : "0";
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** The rows at {@code rows} of {@code values}, in that order. */
    public static double[] select(double[] values, int[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return out;
    }
}
