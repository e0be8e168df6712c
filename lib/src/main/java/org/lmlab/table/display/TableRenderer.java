package org.lmlab.table.display;

import org.lmlab.display.MimeBundle;
import org.lmlab.display.Renderer;
import org.lmlab.table.Table;

/**
 * Displays a {@link Table} as HTML and plain text: shape, column names and types, the first and
 * last rows (5 + 5 by default) and, for wide tables, the first and last columns. It reads only
 * the cells it shows, so a ten-million-row table renders as fast as a ten-row one.
 * Registered for {@link java.util.ServiceLoader} in META-INF/services.
 */
public final class TableRenderer implements Renderer<Table> {

    public static final int DEFAULT_HEAD = 5;
    public static final int DEFAULT_TAIL = 5;
    public static final int DEFAULT_MAX_COLUMNS = 20;

    private final int head;
    private final int tail;
    private final int maxColumns;

    /** Five head and five tail rows, at most 20 columns. */
    public TableRenderer() {
        this(DEFAULT_HEAD, DEFAULT_TAIL, DEFAULT_MAX_COLUMNS);
    }

    public TableRenderer(int head, int tail, int maxColumns) {
        if (head < 0 || tail < 0 || maxColumns < 1) {
            throw new IllegalArgumentException("head and tail must be ≥ 0 and maxColumns ≥ 1");
        }
        this.head = head;
        this.tail = tail;
        this.maxColumns = maxColumns;
    }

    @Override
    public Class<Table> type() {
        return Table.class;
    }

    @Override
    public MimeBundle render(Table table) {
        if (table.isClosed()) {
            return MimeBundle.text(table.toString());
        }
        TablePreview preview = TablePreview.of(table, head, tail, maxColumns);
        return MimeBundle.builder(TableText.render(preview)).add(MimeBundle.HTML, TableHtml.render(preview)).build();
    }
}
