package org.lmlab.table.display;

import java.util.ArrayList;
import java.util.List;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.ColumnType;
import org.lmlab.table.Table;

/**
 * What a table display shows: its shape, the first and last rows and columns, each cell already
 * formatted. Only the shown cells are read, so previewing a table of any length costs the same.
 *
 * @param source       where the table came from
 * @param rowCount     rows in the whole table
 * @param columnCount  columns in the whole table
 * @param columns      the shown columns
 * @param columnGap    position in {@link #columns} before which columns were left out, or -1
 * @param rows         the shown row numbers
 * @param rowGap       position in {@link #rows} before which rows were left out, or -1
 * @param cells        formatted cells by shown row, then shown column; null for a null cell
 */
record TablePreview(String source, int rowCount, int columnCount, List<ColumnSchema> columns, int columnGap,
        List<Integer> rows, int rowGap, List<List<String>> cells) {

    static TablePreview of(Table table, int head, int tail, int maxColumns) {
        List<Integer> columnIndices = window(table.columnCount(), (maxColumns + 1) / 2, maxColumns / 2);
        List<Integer> rows = window(table.rowCount(), head, tail);
        List<ColumnSchema> columns = new ArrayList<>();
        for (int c : columnIndices) {
            columns.add(table.schema().get(c));
        }
        List<List<String>> cells = new ArrayList<>();
        for (int row : rows) {
            List<String> line = new ArrayList<>();
            for (ColumnSchema column : columns) {
                Object value = table.get(column.name(), row);
                line.add(value == null ? null : CellFormat.format(column, value));
            }
            cells.add(line);
        }
        return new TablePreview(table.source(), table.rowCount(), table.columnCount(), columns,
                gap(columnIndices), rows, gap(rows), cells);
    }

    static boolean rightAligned(ColumnSchema column) {
        return column.type() != ColumnType.UTF8 && column.type() != ColumnType.BOOL;
    }

    /** The first {@code head} and last {@code tail} of {@code 0..n-1}, or all when that is no more. */
    private static List<Integer> window(int n, int head, int tail) {
        List<Integer> shown = new ArrayList<>();
        if (n <= head + tail) {
            for (int i = 0; i < n; i++) {
                shown.add(i);
            }
            return shown;
        }
        for (int i = 0; i < head; i++) {
            shown.add(i);
        }
        for (int i = n - tail; i < n; i++) {
            shown.add(i);
        }
        return shown;
    }

    private static int gap(List<Integer> shown) {
        for (int i = 1; i < shown.size(); i++) {
            if (shown.get(i) != shown.get(i - 1) + 1) {
                return i;
            }
        }
        return -1;
    }
}
