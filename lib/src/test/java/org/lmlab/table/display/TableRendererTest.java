package org.lmlab.table.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lmlab.table.ArrowLeakCheck;
import org.lmlab.display.MimeBundle;
import org.lmlab.display.Renderers;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.ColumnType;
import org.lmlab.table.Table;
import org.lmlab.table.TableAppender;
import org.lmlab.table.TableSchema;

class TableRendererTest {

    @RegisterExtension
    final ArrowLeakCheck arrow = new ArrowLeakCheck();
    private final BufferAllocator allocator = arrow.allocator();


    @Test
    void smallTableShowsEveryRowWithTypesAndDistinctNulls() {
        try (Table t = Table.builder(allocator, "runs")
                .int64("step", 1L, null, 3L)
                .float64("loss", 2.5, Double.NaN, null)
                .utf8("note", "null", null, "a <b> & \"c\"\nnext")
                .date("day", LocalDate.of(2024, 1, 2), null, null)
                .timestamp("at", LocalDateTime.of(2024, 1, 2, 3, 4, 5, 120_000_000), null,
                        LocalDateTime.of(2024, 1, 2, 3, 4))
                .timestamp("utc", "UTC", Instant.parse("2024-01-02T03:04:05Z"), null, null)
                .build()) {
            MimeBundle bundle = new TableRenderer().render(t);
            String text = bundle.plainText();
            assertEquals("""
                    Table runs: 3 rows × 6 columns
                         step     loss  note                       day                       at                    utc
                        int64  float64  utf8               date32[day]            timestamp[us]  timestamp[us, tz=UTC]
                    0       1      2.5  null                2024-01-02  2024-01-02 03:04:05.120   2024-01-02 03:04:05Z
                    1  <null>      NaN  <null>                  <null>                   <null>                 <null>
                    2       3   <null>  a <b> & "c"\\nnext       <null>      2024-01-02 03:04:00                 <null>
                    """, text);
            String html = bundle.data().get(MimeBundle.HTML);
            assertTrue(html.contains("runs · 3 rows × 6 columns"), html);
            assertTrue(html.contains("a &lt;b&gt; &amp; &quot;c&quot;\\nnext"), html);
            assertTrue(html.contains("class=\"lmlab-null\">null</td>"), html);
            assertTrue(html.contains(">NaN</td>"), html);
            assertTrue(html.contains("float64</span>"), html);
        }
    }

    @Test
    void numbersAreFormattedSensibly() {
        assertEquals("0.1", CellFormat.floating(0.1));
        assertEquals("2.0", CellFormat.floating(2.0));
        assertEquals("-0.0", CellFormat.floating(-0.0));
        assertEquals("3.14159", CellFormat.floating(Math.PI));
        assertEquals("123457.0", CellFormat.floating(123456.789));
        assertEquals("1.23457e+07", CellFormat.floating(12345678.9));
        assertEquals("-2.5e-05", CellFormat.floating(-0.000025));
        assertEquals("4.94066e-324", CellFormat.floating(Double.MIN_VALUE));
        assertEquals("1.79769e+308", CellFormat.floating(Double.MAX_VALUE));
        assertEquals("-inf", CellFormat.floating(Double.NEGATIVE_INFINITY));
        assertEquals("x".repeat(60) + "…", CellFormat.string("x".repeat(100)));
    }

    @Test
    void tenMillionRowsRenderFastAndSmall() {
        int rows = 10_000_000;
        TableSchema schema = TableSchema.of(ColumnSchema.of("step", ColumnType.INT64),
                ColumnSchema.of("loss", ColumnType.FLOAT64));
        Table t;
        try (TableAppender out = new TableAppender(allocator, "ten-million", schema)) {
            for (int r = 0; r < rows; r++) {
                out.setLong(0, r, r);
                out.setDouble(1, r, 1.0 / (r + 1));
            }
            t = out.finish(rows);
        }
        try (t) {
            TableRenderer renderer = new TableRenderer();
            renderer.render(t); // warm up the code paths once
            long memoryBefore = allocator.getAllocatedMemory();
            long start = System.nanoTime();
            MimeBundle bundle = renderer.render(t);
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMs < 2000, "rendering took " + elapsedMs + " ms");
            assertEquals(memoryBefore, allocator.getAllocatedMemory(), "rendering allocated Arrow memory");
            String html = bundle.data().get(MimeBundle.HTML);
            String text = bundle.plainText();
            assertTrue(html.length() < 8_000, "HTML of " + html.length() + " chars");
            assertTrue(text.length() < 1_000, "text of " + text.length() + " chars");
            assertTrue(text.startsWith("Table ten-million: 10,000,000 rows × 2 columns\n"), text);
            assertTrue(text.contains("9999999"), text);
            assertTrue(html.contains(">9999999</th>"), html);
            assertEquals(10 + 1, countOf(html, "<tr><th") - 1, "header + 10 rows + the gap row");
            assertTrue(text.contains("\n      …        …         …\n9999995"), text);
        }
    }

    @Test
    void wideTablesShowFirstAndLastColumns() {
        List<ColumnSchema> columns = new ArrayList<>();
        for (int c = 0; c < 50; c++) {
            columns.add(ColumnSchema.of("c" + c, ColumnType.INT32));
        }
        try (TableAppender out = new TableAppender(allocator, "wide", new TableSchema(columns))) {
            for (int c = 0; c < 50; c++) {
                out.setInt(c, 0, c);
            }
            try (Table t = out.finish(1)) {
                String text = new TableRenderer(5, 5, 6).render(t).plainText();
                String header = text.lines().skip(1).findFirst().orElseThrow().strip();
                assertEquals(List.of("c0", "c1", "c2", "…", "c47", "c48", "c49"), List.of(header.split("\\s+")));
                assertFalse(text.contains("c3 "), text);
            }
        }
    }

    @Test
    void serviceLoaderFindsTheRendererAndClosedTablesFallBackToText() {
        Renderers renderers = Renderers.withServiceLoader(getClass().getClassLoader(), w -> { });
        Table t = Table.builder(allocator, "found").int32("x", 1).build();
        MimeBundle bundle = renderers.render(t);
        assertTrue(bundle.data().containsKey(MimeBundle.HTML), bundle.data().keySet().toString());
        t.close();
        assertEquals("Table(found, closed, {x: int32})", renderers.render(t).plainText());
    }

    private static int countOf(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
