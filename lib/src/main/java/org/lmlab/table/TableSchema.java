package org.lmlab.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The ordered columns of a table; names are unique.
 *
 * @param columns the columns, in order
 */
public record TableSchema(List<ColumnSchema> columns) {

    public TableSchema {
        columns = List.copyOf(columns);
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            Integer previous = seen.put(columns.get(i).name(), i);
            if (previous != null) {
                throw new IllegalArgumentException("duplicate column name '" + columns.get(i).name()
                        + "' (positions " + previous + " and " + i + ")");
            }
        }
    }

    public static TableSchema of(ColumnSchema... columns) {
        return new TableSchema(Arrays.asList(columns));
    }

    /** The schema of an Arrow schema whose fields are all stored as a {@link Table} stores them. */
    public static TableSchema fromArrow(Schema schema) {
        List<ColumnSchema> columns = new ArrayList<>();
        for (Field field : schema.getFields()) {
            columns.add(ColumnSchema.fromArrowField(field));
        }
        return new TableSchema(columns);
    }

    public Schema toArrow() {
        return new Schema(columns.stream().map(ColumnSchema::toArrowField).toList());
    }

    public int size() {
        return columns.size();
    }

    public List<String> names() {
        return columns.stream().map(ColumnSchema::name).toList();
    }

    public ColumnSchema get(int index) {
        return columns.get(index);
    }

    /** True when a column of that name exists. */
    public boolean contains(String name) {
        return columns.stream().anyMatch(c -> c.name().equals(name));
    }

    /**
     * The position of column {@code name}.
     *
     * @throws IllegalArgumentException naming the column and listing the available ones
     */
    public int indexOf(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException(unknownColumn(name, names()));
    }

    public ColumnSchema column(String name) {
        return columns.get(indexOf(name));
    }

    static String unknownColumn(String name, List<String> available) {
        return "no column '" + name + "'; columns: " + available;
    }

    @Override
    public String toString() {
        return columns.stream().map(ColumnSchema::toString).collect(Collectors.joining(", ", "{", "}"));
    }
}
