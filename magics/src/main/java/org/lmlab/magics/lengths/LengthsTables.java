package org.lmlab.magics.lengths;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lmlab.magics.MagicContext;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.magics.table.TableMagic;
import org.lmlab.table.Table;
import org.lmlab.table.TableBuilder;

/** Reading columns and groups of a named table for {@code %lengths}, and building its result tables. */
final class LengthsTables {

    private LengthsTables() {
    }

    /** The named table ({@link TableMagic#lookup}) after checking that it has {@code columns}. */
    static Table open(MagicContext context, String name, String usage, List<String> columns) throws Exception {
        Table table = TableMagic.lookup(context, name);
        require(table, name, usage, columns);
        return table;
    }

    /** Fails with the table's columns when one of {@code columns} is missing. */
    static void require(Table table, String name, String usage, List<String> columns) throws MagicUsageException {
        for (String c : columns) {
            if (!table.columnNames().contains(c)) {
                throw new MagicUsageException("table '" + name + "' has no column '" + c + "'; columns: "
                        + table.columnNames(), usage);
            }
        }
    }

    /** A numeric column; a null or non-number cell is an error naming the row. */
    static double[] numbers(Table table, String column, List<Integer> rows) {
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = table.get(column, rows.get(i));
            if (!(v instanceof Number n)) {
                throw new IllegalArgumentException("row " + rows.get(i) + ": column '" + column + "' is "
                        + (v == null ? "null" : "not a number (" + v + ")"));
            }
            out[i] = n.doubleValue();
        }
        return out;
    }

    /** A cell as text (grouping keys, labels). */
    static String text(Table table, String column, int row) {
        Object v = table.get(column, row);
        return v == null ? "null" : v.toString();
    }

    /** Row indices per distinct combination of the {@code by} columns, in first-seen order. */
    static Map<List<String>, List<Integer>> groups(Table table, List<String> by) {
        Map<List<String>, List<Integer>> out = new LinkedHashMap<>();
        for (int row = 0; row < table.rowCount(); row++) {
            List<String> key = new ArrayList<>();
            for (String c : by) {
                key.add(text(table, c, row));
            }
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
        }
        return out;
    }

    /** Result rows: the group key columns, then named values (Double, Integer, String or Boolean). */
    static final class Result {
        private final List<String> keyNames;
        private final List<List<String>> keys = new ArrayList<>();
        private final List<Map<String, Object>> values = new ArrayList<>();
        private final Map<String, Class<?>> declared = new LinkedHashMap<>();

        Result(List<String> keyNames) {
            this.keyNames = List.copyOf(keyNames);
        }

        /** The type of {@code columns} when every cell is null (all groups failed); otherwise the cells decide. */
        Result declare(Class<?> type, String... columns) {
            for (String c : columns) {
                declared.put(c, type);
            }
            return this;
        }

        void add(List<String> key, Map<String, Object> row) {
            keys.add(key);
            values.add(row);
        }

        /** Builds the table, registers it as {@code name} and returns it. */
        Table store(MagicContext context, String name, String source) {
            TableBuilder b = Table.builder(context.tables().allocator(), source);
            for (int k = 0; k < keyNames.size(); k++) {
                int at = k;
                b.utf8(keyNames.get(k), keys.stream().map(key -> key.get(at)).toArray(String[]::new));
            }
            List<String> columns = new ArrayList<>();
            values.forEach(row -> row.keySet().forEach(c -> {
                if (!columns.contains(c)) {
                    columns.add(c);
                }
            }));
            for (String c : columns) {
                Class<?> type = values.stream().map(r -> r.get(c)).filter(v -> v != null).findFirst()
                        .<Class<?>>map(Object::getClass).orElse(declared.getOrDefault(c, String.class));
                if (type == Double.class) {
                    b.float64(c, values.stream().map(r -> (Double) r.get(c)).toArray(Double[]::new));
                } else if (type == Integer.class) {
                    b.int64(c, values.stream().map(r -> r.get(c) == null ? null : ((Integer) r.get(c)).longValue())
                            .toArray(Long[]::new));
                } else if (type == Boolean.class) {
                    b.bool(c, values.stream().map(r -> (Boolean) r.get(c)).toArray(Boolean[]::new));
                } else {
                    b.utf8(c, values.stream().map(r -> r.get(c) == null ? null : r.get(c).toString()).toArray(String[]::new));
                }
            }
            Table table = b.build();
            context.tables().put(name, table);
            return table;
        }
    }
}
