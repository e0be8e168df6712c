package org.lmlab.table.display;

import static org.lmlab.display.HtmlEscaper.escape;

import java.util.List;

/**
 * Lays out a {@link TablePreview} as an HTML table with inline styles (notebook front ends
 * may drop style sheets): a caption with the shape, a header with names and types, row
 * numbers, right-aligned numbers, nulls in grey italics and a ⋮ row where rows are left out.
 */
final class TableHtml {

    private static final String CELL = "padding:2px 8px;border-bottom:1px solid #e5e5e5;white-space:pre;";
    private static final String NUMBER = "text-align:right;font-variant-numeric:tabular-nums;";
    private static final String NULL = "color:#9a9a9a;font-style:italic;";

    private TableHtml() {
    }

    static String render(TablePreview p) {
        StringBuilder html = new StringBuilder(4096);
        html.append("<div class=\"lmlab-table\" style=\"overflow-x:auto\">")
                .append("<table style=\"border-collapse:collapse;font-size:12px;font-family:ui-monospace,"
                        + "SFMono-Regular,Menlo,monospace\">")
                .append("<caption style=\"text-align:left;padding:4px 0;color:#555\">")
                .append(escape(p.source())).append(" · ").append(TableText.shape(p)).append("</caption>");
        html.append("<thead><tr><th style=\"").append(CELL).append("\"></th>");
        for (int c = 0; c < p.columns().size(); c++) {
            if (c == p.columnGap()) {
                html.append("<th style=\"").append(CELL).append("\">…</th>");
            }
            var column = p.columns().get(c);
            html.append("<th style=\"").append(CELL).append(TablePreview.rightAligned(column) ? NUMBER : "text-align:left;")
                    .append("\">").append(escape(column.name()))
                    .append("<br><span style=\"font-weight:normal;color:#888\">").append(escape(column.typeName()))
                    .append("</span></th>");
        }
        html.append("</tr></thead><tbody>");
        for (int r = 0; r < p.rows().size(); r++) {
            if (r == p.rowGap()) {
                html.append("<tr><th style=\"").append(CELL).append("color:#888\">⋮</th>");
                for (int c = 0; c < p.columns().size() + (p.columnGap() >= 0 ? 1 : 0); c++) {
                    html.append("<td style=\"").append(CELL).append("text-align:center;color:#888\">⋮</td>");
                }
                html.append("</tr>");
            }
            html.append("<tr><th style=\"").append(CELL).append(NUMBER).append("color:#888;font-weight:normal\">")
                    .append(p.rows().get(r)).append("</th>");
            List<String> line = p.cells().get(r);
            for (int c = 0; c < line.size(); c++) {
                if (c == p.columnGap()) {
                    html.append("<td style=\"").append(CELL).append("color:#888\">…</td>");
                }
                String cell = line.get(c);
                html.append("<td style=\"").append(CELL)
                        .append(TablePreview.rightAligned(p.columns().get(c)) ? NUMBER : "text-align:left;");
                if (cell == null) {
                    html.append(NULL).append("\" class=\"lmlab-null\">null</td>");
                } else {
                    html.append("\">").append(escape(cell)).append("</td>");
                }
            }
            html.append("</tr>");
        }
        return html.append("</tbody></table></div>").toString();
    }
}
