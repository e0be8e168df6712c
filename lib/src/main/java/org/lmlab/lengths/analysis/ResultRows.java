package org.lmlab.lengths.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.lmlab.table.Table;
import org.lmlab.table.TableBuilder;

/**
 * The rows of a per-group result table: the group key columns (text), then named values. A value
 * column's type is that of its first non-null cell (Double: float64, Integer: int64, Boolean: bool,
 * anything else: utf8), or the declared type when every cell is null; columns appear in the order
 * the rows first name them.
 */
public final class ResultRows {

    private final List<String> keyNames;
    private final List<List<String>> keys = new ArrayList<>();
    private final List<Map<String, Object>> values = new ArrayList<>();
    private final Map<String, Class<?>> declared = new LinkedHashMap<>();

    /** Rows keyed by {@code keyNames}, the result's first columns. */
    public ResultRows(List<String> keyNames) {
        this.keyNames = List.copyOf(keyNames);
    }

    /** The type of {@code columns} when every cell is null (every group failed); otherwise the cells decide. */
    public ResultRows declare(Class<?> type, String... columns) {
        for (String c : columns) {
            declared.put(c, type);
        }
        return this;
    }

    /** Adds a row: one key value per key column, and values by column name (Double, Integer, Boolean or text). */
    public void add(List<String> key, Map<String, Object> row) {
        if (key.size() != keyNames.size()) {
            throw new IllegalArgumentException("expected " + keyNames.size() + " key values " + keyNames + ", got "
                    + key);
        }
        keys.add(List.copyOf(key));
        values.add(new LinkedHashMap<>(row));
    }

    /** The rows as a table. */
    public Table build(BufferAllocator allocator, String source) {
        TableBuilder b = Table.builder(allocator, source);
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
        return b.build();
    }
}
