package org.lmlab.table.io;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.lmlab.table.BatchReader;
import org.lmlab.table.Table;

/**
 * JSON Lines files: one JSON object per line, keys as columns. Types are inferred from a
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

    /** Opens the file for reading in batches of {@link JsonLinesOptions#batchRows()} rows. */
    public static BatchReader open(Path file, BufferAllocator allocator, JsonLinesOptions options)
            throws IOException {
        return new JsonLinesBatchReader(file, allocator, options, file.toString());
    }
}
