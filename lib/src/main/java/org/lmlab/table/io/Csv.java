package org.lmlab.table.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.lmlab.table.BatchReader;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.Micros;
import org.lmlab.table.Table;

/**
 * CSV files: read whole or in batches, with a header, quoting, type inference or an explicit
 * schema (see {@link CsvOptions}); write with a header.
 *
 * <p>Errors name the file and line: a record with the wrong number of fields, an unterminated
 * quote, a value that does not fit its column's type.
 */
public final class Csv {

    private Csv() {
    }

    public static Table read(Path file, BufferAllocator allocator) throws IOException {
        return read(file, allocator, CsvOptions.defaults());
    }

    /**
     * Reads the whole file into one table named after the file. The header and the sample fix the
     * schema; the file is then parsed on all cores ({@link ParallelCsvReader}) unless it holds
     * something that reader leaves to lmlab's sequential one, which then reads it.
     */
    public static Table read(Path file, BufferAllocator allocator, CsvOptions options) throws IOException {
        // The parallel reader cuts the file into chunks in the background while the sample is read.
        try (ParallelCsvReader parallel = ParallelCsvReader.start(file, options, 0);
             BatchReader reader = new CsvBatchReader(file, allocator, options.withBatchRows(Integer.MAX_VALUE),
                     file.toString())) {
            Table fast = parallel == null ? null : parallel.read(allocator, reader.schema());
            return fast != null ? fast : reader.readAll(allocator, file.toString());
        }
    }

    /** Opens the file for reading in batches of {@link CsvOptions#batchRows()} rows. */
    public static BatchReader open(Path file, BufferAllocator allocator, CsvOptions options) throws IOException {
        return new CsvBatchReader(file, allocator, options, file.toString());
    }

    /**
     * Writes {@code table} with a header, comma-separated, UTF-8. Nulls are empty fields; strings
     * that are empty, spell a null ({@code NA}, …) or hold a comma, quote or line break are
     * quoted, so they read back as strings while an empty field reads back as null. Floats use Java's shortest round-trip form
     * (NaN, Infinity), timestamps ISO-8601 (zoned ones in UTC with a Z).
     */
    public static void write(Table table, Path file) throws IOException {
        AtomicFile.write(file, temporary -> {
            try (Writer out = new BufferedWriter(Files.newBufferedWriter(temporary, StandardCharsets.UTF_8))) {
                write(table, out);
            }
        });
    }

    static void write(Table table, Writer out) throws IOException {
        int columns = table.columnCount();
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < columns; c++) {
            line.append(c > 0 ? "," : "").append(quoteIfNeeded(table.columnNames().get(c)));
        }
        out.append(line).append('\n');
        FieldVector[] vectors = new FieldVector[columns];
        for (int c = 0; c < columns; c++) {
            vectors[c] = table.vector(table.columnNames().get(c));
        }
        for (int r = 0; r < table.rowCount(); r++) {
            line.setLength(0);
            for (int c = 0; c < columns; c++) {
                if (c > 0) {
                    line.append(',');
                }
                if (!vectors[c].isNull(r)) {
                    appendCell(line, vectors[c], table.schema().get(c), r);
                }
            }
            out.append(line).append('\n');
        }
    }

    private static void appendCell(StringBuilder line, FieldVector v, ColumnSchema column, int r) {
        switch (column.type()) {
            case INT32 -> line.append(((IntVector) v).get(r));
            case INT64 -> line.append(((BigIntVector) v).get(r));
            case FLOAT32 -> line.append(((Float4Vector) v).get(r));
            case FLOAT64 -> line.append(((Float8Vector) v).get(r));
            case BOOL -> line.append(((BitVector) v).get(r) != 0);
            case UTF8 -> line.append(quoteIfNeeded(new String(((VarCharVector) v).get(r), StandardCharsets.UTF_8)));
            case DATE -> line.append(LocalDate.ofEpochDay(((DateDayVector) v).get(r)));
            case TIMESTAMP -> {
                long micros = ((TimeStampVector) v).get(r);
                line.append(column.timeZone() == null ? Micros.toLocalDateTime(micros) : Micros.toInstant(micros));
            }
        }
    }

    private static String quoteIfNeeded(String s) {
        boolean needs = CsvOptions.DEFAULT_NULLS.contains(s);
        for (int i = 0; i < s.length() && !needs; i++) {
            char ch = s.charAt(i);
            needs = ch == ',' || ch == '"' || ch == '\n' || ch == '\r';
        }
        return needs ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
