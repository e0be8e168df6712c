package org.lmlab.table.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.lmlab.table.BatchReader;
import org.lmlab.table.Table;

/**
 * JSON Lines files: one JSON object per line, keys as columns; read and written. Types are inferred from a
 * sample (numbers → int64 or float64, booleans, strings → date, timestamp or utf8) unless a
 * schema is given. Errors name the file and line: bad JSON, a nested value, a value that does
 * not fit its column.
 */
public final class JsonLines {

    private JsonLines() {
    }

    public static Table read(Path file, BufferAllocator allocator) throws IOException {
        return read(file, allocator, JsonLinesOptions.defaults());
    }

    /** Reads the whole file into one table named after the file. */
    public static Table read(Path file, BufferAllocator allocator, JsonLinesOptions options) throws IOException {
        try (BatchReader reader = new JsonLinesBatchReader(file, allocator, options.withBatchRows(Integer.MAX_VALUE),
                file.toString())) {
            return reader.readAll(allocator, file.toString());
        }
    }

    /**
     * Writes {@code table} as UTF-8 JSON Lines (see {@link JsonLinesWriter} for how values are
     * spelled); the file appears complete or not at all.
     */
    public static void write(Table table, Path file) throws IOException {
        AtomicFile.write(file, temporary -> {
            try (Writer out = new BufferedWriter(Files.newBufferedWriter(temporary, StandardCharsets.UTF_8))) {
                JsonLinesWriter.write(table, out);
            }
        });
    }

    /** Opens the file for reading in batches of {@link JsonLinesOptions#batchRows()} rows. */
    public static BatchReader open(Path file, BufferAllocator allocator, JsonLinesOptions options)
            throws IOException {
        return new JsonLinesBatchReader(file, allocator, options, file.toString());
    }
}
