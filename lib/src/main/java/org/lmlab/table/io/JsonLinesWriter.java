package org.lmlab.table.io;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.Micros;
import org.lmlab.table.Table;

/**
 * Writes a table as JSON Lines: one object per row, every column as a key in column order, null
 * cells as {@code null}. Numbers are JSON numbers (floats in Java's shortest round-trip form;
 * NaN and ±Infinity bare, as Python's json writes and reads them), dates {@code yyyy-MM-dd},
 * timestamps ISO-8601 with seconds and, when non-zero, microseconds: wall clock for zone-less
 * columns, UTC with a {@code Z} for zoned ones, so {@link JsonLines#read} infers the same types.
 */
final class JsonLinesWriter {

    private JsonLinesWriter() {
    }

    static void write(Table table, Writer out) throws IOException {
        int columns = table.columnCount();
        FieldVector[] vectors = new FieldVector[columns];
        String[] keys = new String[columns];
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < columns; c++) {
            ColumnSchema column = table.schema().get(c);
            vectors[c] = table.vector(column.name());
            line.setLength(0);
            appendString(line, column.name());
            keys[c] = line.append(':').toString();
        }
        for (int r = 0; r < table.rowCount(); r++) {
            line.setLength(0);
            line.append('{');
            for (int c = 0; c < columns; c++) {
                line.append(c > 0 ? "," : "").append(keys[c]);
                if (vectors[c].isNull(r)) {
                    line.append("null");
                } else {
                    appendValue(line, vectors[c], table.schema().get(c), r);
                }
            }
            out.append(line.append("}\n"));
        }
    }

    private static void appendValue(StringBuilder line, FieldVector v, ColumnSchema column, int r) {
        switch (column.type()) {
            case INT32 -> line.append(((IntVector) v).get(r));
            case INT64 -> line.append(((BigIntVector) v).get(r));
            case FLOAT32 -> appendFloat(line, ((Float4Vector) v).get(r), Float.toString(((Float4Vector) v).get(r)));
            case FLOAT64 -> appendFloat(line, ((Float8Vector) v).get(r), Double.toString(((Float8Vector) v).get(r)));
            case BOOL -> line.append(((BitVector) v).get(r) != 0);
            case UTF8 -> appendString(line, new String(((VarCharVector) v).get(r), StandardCharsets.UTF_8));
            case DATE -> line.append('"').append(LocalDate.ofEpochDay(((DateDayVector) v).get(r))).append('"');
            case TIMESTAMP -> {
                LocalDateTime t = Micros.toLocalDateTime(((TimeStampVector) v).get(r));
                line.append('"').append(t.toLocalDate()).append('T');
                two(line, t.getHour()).append(':');
                two(line, t.getMinute()).append(':');
                two(line, t.getSecond());
                int micros = t.getNano() / 1000;
                if (micros != 0) {
                    String digits = Integer.toString(1_000_000 + micros);
                    line.append('.').append(digits, 1, 7);
                }
                line.append(column.timeZone() == null ? "\"" : "Z\"");
            }
        }
    }

    private static void appendFloat(StringBuilder line, double value, String shortest) {
        if (Double.isNaN(value)) {
            line.append("NaN");
        } else if (Double.isInfinite(value)) {
            line.append(value > 0 ? "Infinity" : "-Infinity");
        } else {
            line.append(shortest);
        }
    }

    private static StringBuilder two(StringBuilder line, int value) {
        return line.append(value < 10 ? "0" : "").append(value);
    }

    /** A JSON string literal: quotes, backslashes and control characters escaped, the rest as is. */
    static void appendString(StringBuilder line, String s) {
        line.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> {
                    if (ch < 0x20 || ch == 0x2028 || ch == 0x2029) {
                        line.append(String.format("\\u%04x", (int) ch));
                    } else {
                        line.append(ch);
                    }
                }
            }
        }
        line.append('"');
    }
}
