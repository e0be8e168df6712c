package org.lmlab.table.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.dataset.file.FileFormat;
import org.apache.arrow.memory.BufferAllocator;
import org.lmlab.table.BatchReader;
import org.lmlab.table.Table;
import org.lmlab.table.sql.SqlEngine;
import org.lmlab.table.sql.SqlException;

/**
 * Parquet files: read by Arrow C++'s Parquet reader (Arrow Java's dataset module, the reader
 * pyarrow uses, decoding on native threads), written by DuckDB (an in-memory engine per call).
 * Dictionary-encoded and compressed columns read as plain columns; zoned timestamps read back
 * in UTC. A file that is not Parquet is recognised by its magic bytes before the reader sees it.
 */
public final class Parquet {

    /** Column compression when writing. */
    public enum Codec {
        UNCOMPRESSED, SNAPPY, ZSTD, GZIP
    }

    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

    private Parquet() {
    }

    /** Reads the whole file into one table named after the file. */
    public static Table read(Path file, BufferAllocator allocator) throws IOException {
        try (BatchReader reader = open(file, allocator, Integer.MAX_VALUE)) {
            return reader.readAllWithMetadata(allocator, file.toString());
        }
    }

    /** Opens the file for reading in tables of up to {@code batchRows} rows. */
    public static BatchReader open(Path file, BufferAllocator allocator, int batchRows) throws IOException {
        checkMagic(file);
        try {
            return DatasetBatchReader.open(file, FileFormat.PARQUET, allocator, batchRows);
        } catch (TableFormatException e) {
            if (e.getMessage().contains("duplicate field names")) {
                throw TableFormatException.inFile(file, "column names repeat: " + duplicateColumns(file, allocator)
                        + "; a table needs distinct names (rename them where the file is written)", e);
            }
            throw e;
        }
    }

    /** The top-level column names that occur more than once, read from the footer by DuckDB. */
    static List<String> duplicateColumns(Path file, BufferAllocator allocator) {
        try (SqlEngine engine = new SqlEngine(allocator);
             Table schema = engine.query("SELECT name, num_children FROM parquet_schema("
                     + SqlEngine.literal(file.toString()) + ")")) {
            // Rows list the schema tree depth-first: the root, then each top-level column and its subtree.
            Set<String> seen = new HashSet<>();
            Set<String> repeated = new LinkedHashSet<>();
            int row = 1;
            while (row < schema.rowCount()) {
                String name = schema.getString("name", row);
                if (!seen.add(name)) {
                    repeated.add(name);
                }
                row = skipSubtree(schema, row);
            }
            return List.copyOf(repeated);
        } catch (RuntimeException e) {
            return List.of("(could not read the schema: " + firstLine(String.valueOf(e.getMessage())) + ")");
        }
    }

    private static int skipSubtree(Table schema, int row) {
        long children = schema.isNull("num_children", row) ? 0 : schema.getLong("num_children", row);
        int next = row + 1;
        for (long c = 0; c < children; c++) {
            next = skipSubtree(schema, next);
        }
        return next;
    }

    /** Writes with Snappy compression, pyarrow's default. */
    public static void write(Table table, Path file) throws IOException {
        write(table, file, Codec.SNAPPY);
    }

    /** Writes {@code table}; the file appears complete or not at all. */
    public static void write(Table table, Path file, Codec codec) throws IOException {
        if (table.columnCount() == 0) {
            throw TableFormatException.inFile(file, "a Parquet file needs at least one column", null);
        }
        AtomicFile.write(file, temporary -> {
            // The engine makes no result tables here; it borrows the table's allocator as their parent.
            try (SqlEngine engine = new SqlEngine(table.vector(table.columnNames().get(0)).getAllocator())) {
                engine.register("t", table);
                engine.execute("COPY t TO " + SqlEngine.literal(temporary.toString()) + " (FORMAT parquet, COMPRESSION "
                        + codec.name().toLowerCase(Locale.ROOT) + keyValueMetadata(table) + ")");
            } catch (SqlException e) {
                throw TableFormatException.inFile(file, "writing Parquet failed: " + firstLine(e.getMessage()), e);
            }
        });
    }

    /**
     * The table's schema metadata as DuckDB's {@code KV_METADATA} option: Parquet key-value
     * metadata, which pyarrow and Arrow C++ read back as the schema's metadata.
     */
    private static String keyValueMetadata(Table table) {
        if (table.metadata().isEmpty()) {
            return "";
        }
        StringBuilder option = new StringBuilder(", KV_METADATA {");
        String separator = "";
        for (Map.Entry<String, String> entry : table.metadata().entrySet()) {
            option.append(separator).append(SqlEngine.literal(entry.getKey())).append(": ")
                    .append(SqlEngine.literal(entry.getValue()));
            separator = ", ";
        }
        return option.append('}').toString();
    }

    private static void checkMagic(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 12) {
                throw TableFormatException.atOffset(file, 0, "not a Parquet file: only " + size + " bytes, fewer "
                        + "than the 12 that the magic bytes and footer length take", null);
            }
            ByteBuffer head = ByteBuffer.allocate(6);
            channel.read(head, 0);
            if (!Arrays.equals(head.array(), 0, 4, MAGIC, 0, 4)) {
                boolean arrow = Arrays.equals(head.array(), "ARROW1".getBytes(StandardCharsets.US_ASCII));
                throw TableFormatException.atOffset(file, 0, "not a Parquet file: it does not start with the magic "
                        + "bytes PAR1" + (arrow ? "; it is an Arrow IPC (Feather v2) file: read it as"
                        + " feather (%table load PATH --format feather, or leave --format out; Java: Feather.read)"
                        : ""), null);
            }
            ByteBuffer tail = ByteBuffer.allocate(4);
            channel.read(tail, size - 4);
            if (!Arrays.equals(tail.array(), MAGIC)) {
                throw TableFormatException.atOffset(file, size - 4, "the Parquet file is truncated or corrupt: it "
                        + "does not end with the magic bytes PAR1 after its footer (file size " + size + " bytes)",
                        null);
            }
        } catch (NoSuchFileException e) {
            throw TableFormatException.inFile(file, "no such file", e);
        }
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
