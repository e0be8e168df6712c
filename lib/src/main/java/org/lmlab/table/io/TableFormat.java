package org.lmlab.table.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.lmlab.table.Table;

/** The file formats lmlab reads and writes, chosen by name or by file extension. */
public enum TableFormat {
    CSV(".csv", ".tsv"),
    JSONL(".jsonl", ".ndjson"),
    ARROW(".arrow", ".ipc"),
    ARROW_STREAM(".arrows"),
    FEATHER(".feather"),
    PARQUET(".parquet", ".pq");

    private final List<String> extensions;

    TableFormat(String... extensions) {
        this.extensions = List.of(extensions);
    }

    /** The format a file name implies; the message lists the known extensions otherwise. */
    public static TableFormat fromPath(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (TableFormat format : values()) {
            for (String extension : format.extensions) {
                if (name.endsWith(extension)) {
                    return format;
                }
            }
        }
        throw new IllegalArgumentException("cannot tell the format of " + file + " from its name; name one of "
                + Arrays.toString(values()).toLowerCase(Locale.ROOT) + " (known extensions: "
                + Arrays.stream(values()).flatMap(f -> f.extensions.stream()).toList() + ")");
    }

    public Table read(Path file, BufferAllocator allocator) throws IOException {
        return switch (this) {
            case CSV -> Csv.read(file, allocator);
            case JSONL -> JsonLines.read(file, allocator);
            case ARROW -> ArrowIpc.readFile(file, allocator);
            case ARROW_STREAM -> ArrowIpc.readStream(file, allocator);
            case FEATHER -> Feather.read(file, allocator);
            case PARQUET -> Parquet.read(file, allocator);
        };
    }

    public void write(Table table, Path file) throws IOException {
        switch (this) {
            case CSV -> Csv.write(table, file);
            case ARROW -> ArrowIpc.writeFile(table, file, Compression.NONE);
            case ARROW_STREAM -> ArrowIpc.writeStream(table, file, Compression.NONE);
            case FEATHER -> Feather.write(table, file);
            case PARQUET -> Parquet.write(table, file);
            case JSONL -> JsonLines.write(table, file);
        }
    }
}
