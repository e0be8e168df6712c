package org.lmlab.table.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.lmlab.table.BatchReader;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.ColumnType;
import org.lmlab.table.Table;
import org.lmlab.table.TableAppender;
import org.lmlab.table.TableSchema;

/**
 * Reads a CSV file in batches: the header and a sample of records fix the schema, then each
 * {@link #next()} parses up to {@code batchRows} records into a table.
 */
final class CsvBatchReader implements BatchReader {

    private final Path file;
    private final BufferAllocator allocator;
    private final CsvOptions options;
    private final String source;
    private final BufferedReader text;
    private final CsvTokenizer tokenizer;
    private final Deque<CsvTokenizer.Record> sample = new ArrayDeque<>();
    private final TableSchema schema;
    private final boolean[] inferred;
    private final int longestNull;
    private CsvTokenizer.Record spare = new CsvTokenizer.Record();
    private int batch;
    private boolean exhausted;

    /**
     * @param source name of the tables read: each batch is {@code source#n}, unless batches are
     *               unbounded, when the single table is {@code source}
     */
    CsvBatchReader(Path file, BufferAllocator allocator, CsvOptions options, String source) throws IOException {
        this.file = file;
        this.allocator = allocator;
        this.options = options;
        this.source = source;
        this.longestNull = options.nullValues().stream().mapToInt(String::length).max().orElse(-1);
        try {
            this.text = Files.newBufferedReader(file, options.charset());
        } catch (NoSuchFileException e) {
            throw TableFormatException.inFile(file, "no such file", e);
        }
        try {
            this.tokenizer = new CsvTokenizer(text, options.delimiter(), options.quote());
            List<String> names = null;
            if (options.header()) {
                CsvTokenizer.Record header = new CsvTokenizer.Record();
                if (!readRecord(header)) {
                    throw TableFormatException.atLine(file, 1, "the file is empty; expected a header line", null);
                }
                names = new ArrayList<>(header.fields);
            }
            while (sample.size() < options.inferenceRows()) {
                CsvTokenizer.Record record = new CsvTokenizer.Record();
                if (!readRecord(record)) {
                    exhausted = true;
                    break;
                }
                if (names == null) {
                    names = defaultNames(record.size());
                }
                checkWidth(record, names.size());
                sample.add(record);
            }
            if (names == null) {
                names = options.schema() != null ? options.schema().names() : List.of();
            }
            this.inferred = new boolean[names.size()];
            this.schema = schema(names);
        } catch (IOException | RuntimeException e) {
            text.close();
            throw e;
        }
    }

    @Override
    public TableSchema schema() {
        return schema;
    }

    @Override
    public Table next() throws IOException {
        if (sample.isEmpty() && exhausted) {
            return null;
        }
        boolean single = options.batchRows() == Integer.MAX_VALUE;
        String name = single ? source : source + "#" + batch;
        batch++;
        try (TableAppender out = new TableAppender(allocator, name, schema)) {
            int row = 0;
            while (row < options.batchRows()) {
                CsvTokenizer.Record record;
                if (!sample.isEmpty()) {
                    record = sample.poll();
                } else if (!exhausted && readRecord(spare)) {
                    record = spare;
                    checkWidth(record, schema.size());
                } else {
                    exhausted = true;
                    break;
                }
                setRow(out, row++, record);
            }
            if (row == 0 && batch > 1) {
                return null;
            }
            return out.finish(row);
        }
    }

    @Override
    public void close() throws IOException {
        text.close();
    }

    private boolean readRecord(CsvTokenizer.Record record) throws IOException {
        try {
            return tokenizer.next(record);
        } catch (CsvTokenizer.UnterminatedQuote e) {
            throw TableFormatException.atLine(file, e.line, e.getMessage(), null);
        } catch (CharacterCodingException e) {
            throw MalformedText.error(file, options.charset(), "; if the file is in another encoding, name it:"
                    + " %table load PATH --encoding windows-1252 (Java: CsvOptions.withCharset)", e);
        }
    }

    private void checkWidth(CsvTokenizer.Record record, int expected) throws TableFormatException {
        if (record.size() != expected) {
            throw TableFormatException.atLine(file, record.line, "expected " + expected + " fields"
                    + (options.header() ? " (as in the header)" : " (as in the first record)") + ", found "
                    + record.size(), null);
        }
    }

    private TableSchema schema(List<String> names) throws TableFormatException {
        TableSchema given = options.schema();
        if (given != null && !options.header() && given.size() != names.size()) {
            throw TableFormatException.inFile(file, "the schema has " + given.size() + " columns but the file has "
                    + names.size() + " fields per record", null);
        }
        if (given != null && options.header()) {
            for (String wanted : given.names()) {
                if (!names.contains(wanted)) {
                    throw TableFormatException.atLine(file, 1, "the schema names column '" + wanted
                            + "', which the header lacks; header columns: " + names, null);
                }
            }
        }
        List<ColumnSchema> columns = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            String name = names.get(c);
            if (given != null && (!options.header() || given.contains(name))) {
                ColumnSchema type = options.header() ? given.column(name) : given.get(c);
                columns.add(type);
            } else {
                inferred[c] = true;
                ColumnInference inference = new ColumnInference();
                for (CsvTokenizer.Record record : sample) {
                    String cell = record.fields.get(c);
                    if (!options.nullValues().contains(cell)) {
                        inference.observe(cell);
                    } else if (record.quoted.get(c) && !cell.isEmpty()) {
                        inference.observeString(cell);
                    }
                }
                columns.add(inference.result(name));
            }
        }
        try {
            return new TableSchema(columns);
        } catch (IllegalArgumentException e) {
            throw TableFormatException.atLine(file, 1, e.getMessage(), e);
        }
    }

    private void setRow(TableAppender out, int row, CsvTokenizer.Record record) throws TableFormatException {
        for (int c = 0; c < schema.size(); c++) {
            String cell = record.fields.get(c);
            ColumnSchema column = schema.get(c);
            boolean keepAsString = record.quoted.get(c) && column.type() == ColumnType.UTF8;
            if (!keepAsString && isNull(cell)) {
                out.setNull(c, row);
                continue;
            }
            try {
                TextValues.set(out, c, row, column, cell);
            } catch (IllegalArgumentException e) {
                throw TableFormatException.atLine(file, record.line, "column '" + column.name() + "': '"
                        + abbreviate(cell) + "' " + e.getMessage() + (inferred[c] ? " (type inferred from the first "
                        + options.inferenceRows() + " records; pass a schema in CsvOptions to choose it)" : ""), e);
            }
        }
    }

    private boolean isNull(String cell) {
        // Most cells are longer than every null token; skip hashing them.
        return cell.length() <= longestNull && options.nullValues().contains(cell);
    }

    private static List<String> defaultNames(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add("f" + i);
        }
        return names;
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
