package org.lmlab.model.extrapolation.sweep.plot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.lmlab.table.Table;

/**
 * A sweep's results table as the charts read it: required columns checked up front (naming the
 * sweep task that writes each missing one), rows grouped by method, and cells read as numbers
 * whatever numeric type a reader gave them (a results file read back from CSV has int32 lengths).
 */
final class SweepTable {

    /** Which sweep writes each column the charts read. */
    private static final Map<String, String> WRITTEN_BY = Map.ofEntries(
            Map.entry("model", "every sweep"), Map.entry("method", "every sweep"), Map.entry("length", "every sweep"),
            Map.entry("depth", "a passkey or needle sweep (task passkey or needle)"),
            Map.entry("ppl", "a perplexity sweep (task ppl)"), Map.entry("mean_nll", "a perplexity sweep (task ppl)"),
            Map.entry("position_nll", "a perplexity sweep with position buckets (task ppl, bucket > 0)"),
            Map.entry("position_bucket", "a perplexity sweep with position buckets (task ppl, bucket > 0)"),
            Map.entry("correct", "a passkey or needle sweep (task passkey or needle)"));

    private final Table table;

    private SweepTable(Table table) {
        this.table = table;
    }

    /**
     * The table, checked to have rows and {@code columns}.
     *
     * @param chart what is being drawn, for messages ("a perplexity chart")
     */
    static SweepTable of(Table table, String chart, List<String> columns) {
        if (table == null) {
            throw new IllegalArgumentException(chart + " needs a sweep results table, not null");
        }
        List<String> missing = columns.stream().filter(c -> !table.columnNames().contains(c)).toList();
        if (!missing.isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (String c : missing) {
                parts.add("'" + c + "' (written by " + WRITTEN_BY.getOrDefault(c, "no sweep task") + ")");
            }
            throw new IllegalArgumentException(chart + " needs column" + (missing.size() == 1 ? " " : "s ")
                    + String.join(", ", parts) + ", which table '" + table.source() + "' lacks; its columns: "
                    + String.join(", ", table.columnNames()));
        }
        if (table.rowCount() == 0) {
            throw new IllegalArgumentException("table '" + table.source() + "' has no rows, so there is nothing to plot "
                    + "(a sweep adds a row as each cell finishes)");
        }
        return new SweepTable(table);
    }

    String name() {
        return table.source();
    }

    int rows() {
        return table.rowCount();
    }

    /**
     * The rows of each chosen method in order, keyed by the series label: the method, or
     * "model · method" when the chosen rows come from more than one model.
     *
     * @param methods methods to keep, in the order to draw them; null or empty for every method in
     *                the order the table first lists them
     * @throws IllegalArgumentException for a method the table lacks, or one asked for twice
     */
    Map<String, List<Integer>> byMethod(List<String> methods) {
        Set<String> present = new LinkedHashSet<>();
        for (int r = 0; r < table.rowCount(); r++) {
            present.add(text("method", r));
        }
        List<String> chosen = methods == null || methods.isEmpty() ? List.copyOf(present) : methods;
        Set<String> seen = new LinkedHashSet<>();
        for (String m : chosen) {
            if (!present.contains(m)) {
                throw new IllegalArgumentException("method '" + m + "' is not in table '" + table.source()
                        + "'; it has " + String.join(", ", present));
            }
            if (!seen.add(m)) {
                throw new IllegalArgumentException("method '" + m + "' is listed twice");
            }
        }
        Map<String, List<Integer>> rows = new LinkedHashMap<>();
        chosen.forEach(m -> rows.put(m, new ArrayList<>()));
        Set<String> models = new TreeSet<>();
        for (int r = 0; r < table.rowCount(); r++) {
            List<Integer> list = rows.get(text("method", r));
            if (list != null) {
                list.add(r);
                models.add(text("model", r));
            }
        }
        if (models.size() <= 1) {
            return rows;
        }
        Map<String, List<Integer>> labelled = new LinkedHashMap<>();
        for (List<Integer> list : rows.values()) {
            for (int r : list) {
                labelled.computeIfAbsent(text("model", r) + " · " + text("method", r), k -> new ArrayList<>()).add(r);
            }
        }
        return labelled;
    }

    /**
     * The row of each length among {@code rows} (one series), lengths ascending.
     *
     * @throws IllegalArgumentException when two rows share a length (two sweeps in one table)
     */
    TreeMap<Long, Integer> byLength(String label, List<Integer> rows) {
        TreeMap<Long, Integer> byLength = new TreeMap<>();
        for (int r : rows) {
            Integer before = byLength.put(tokens("length", r), r);
            if (before != null) {
                throw new IllegalArgumentException("rows " + before + " and " + r + " of table '" + name() + "' are both "
                        + label + " at length " + tokens("length", r) + "; plot one sweep's rows (filter the table first)");
            }
        }
        return byLength;
    }

    /** The single model of these rows, or null when they come from several (or name none). */
    String model(Iterable<List<Integer>> groups) {
        Set<String> models = new TreeSet<>();
        for (List<Integer> rows : groups) {
            rows.forEach(r -> models.add(text("model", r)));
        }
        return models.size() == 1 ? models.iterator().next() : null;
    }

    /** The text of a cell; "(missing)" for null. */
    String text(String column, int row) {
        Object v = table.get(column, row);
        return v == null ? "(missing)" : v.toString();
    }

    /**
     * The cell as a number, NaN for null.
     *
     * @throws IllegalArgumentException when the column does not hold numbers
     */
    double number(String column, int row) {
        Object v = table.get(column, row);
        if (v == null) {
            return Double.NaN;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("column '" + column + "' of table '" + table.source() + "' holds "
                + table.type(column).displayName() + ", not numbers (row " + row + ": " + v + ")");
    }

    /** A whole number of tokens (a length); null cells and fractions are refused, naming the row. */
    long tokens(String column, int row) {
        double v = number(column, row);
        if (Double.isNaN(v) || v != Math.rint(v)) {
            throw new IllegalArgumentException("row " + row + " of table '" + table.source() + "' has "
                    + (Double.isNaN(v) ? "no " + column : column + " " + v + ", not a whole number of tokens"));
        }
        return (long) v;
    }

    /** A trial's outcome: a bool, or a number 0 or 1; null is refused, naming the row. */
    boolean outcome(String column, int row) {
        Object v = table.get(column, row);
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n && (n.doubleValue() == 0 || n.doubleValue() == 1)) {
            return n.doubleValue() == 1;
        }
        throw new IllegalArgumentException("row " + row + " of table '" + table.source() + "' has " + column + " = "
                + v + "; a trial is scored true or false");
    }

    /** The underlying table. */
    Table table() {
        return table;
    }
}
