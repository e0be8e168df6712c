package org.lmlab.table.display;

import java.util.ArrayList;
import java.util.List;

/**
 * Lays out a {@link TablePreview} as aligned plain text: a shape line, column names and types,
 * row numbers, and … where rows or columns are left out. Nulls show as {@code <null>}, apart
 * from NaN and from the string "null".
 */
final class TableText {

    static final String NULL = "<null>";

    private TableText() {
    }

    static String shape(TablePreview p) {
        return String.format("%,d row%s × %,d column%s", p.rowCount(), p.rowCount() == 1 ? "" : "s",
                p.columnCount(), p.columnCount() == 1 ? "" : "s");
    }

    static String render(TablePreview p) {
        List<List<String>> grid = new ArrayList<>();
        List<Boolean> right = new ArrayList<>();
        List<String> names = new ArrayList<>(List.of(""));
        List<String> types = new ArrayList<>(List.of(""));
        right.add(true);
        for (int c = 0; c < p.columns().size(); c++) {
            if (c == p.columnGap()) {
                names.add("…");
                types.add("");
                right.add(false);
            }
            names.add(p.columns().get(c).name());
            types.add(p.columns().get(c).typeName());
            right.add(TablePreview.rightAligned(p.columns().get(c)));
        }
        grid.add(names);
        grid.add(types);
        for (int r = 0; r < p.rows().size(); r++) {
            if (r == p.rowGap()) {
                List<String> gap = new ArrayList<>();
                for (int c = 0; c < names.size(); c++) {
                    gap.add("…");
                }
                grid.add(gap);
            }
            List<String> line = new ArrayList<>();
            line.add(String.valueOf(p.rows().get(r)));
            for (int c = 0; c < p.cells().get(r).size(); c++) {
                if (c == p.columnGap()) {
                    line.add("…");
                }
                String cell = p.cells().get(r).get(c);
                line.add(cell == null ? NULL : cell);
            }
            grid.add(line);
        }
        int[] widths = new int[names.size()];
        for (List<String> line : grid) {
            for (int c = 0; c < line.size(); c++) {
                widths[c] = Math.max(widths[c], line.get(c).codePointCount(0, line.get(c).length()));
            }
        }
        StringBuilder text = new StringBuilder("Table ").append(p.source()).append(": ").append(shape(p)).append('\n');
        for (List<String> line : grid) {
            StringBuilder row = new StringBuilder();
            for (int c = 0; c < line.size(); c++) {
                String cell = line.get(c);
                String pad = " ".repeat(widths[c] - cell.codePointCount(0, cell.length()));
                row.append(c > 0 ? "  " : "").append(right.get(c) ? pad + cell : cell + pad);
            }
            text.append(row.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }
}
