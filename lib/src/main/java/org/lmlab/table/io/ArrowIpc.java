package org.lmlab.table.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.lmlab.table.BatchReader;
import org.lmlab.table.Table;
import org.lmlab.table.TableArrowReader;

/**
 * Arrow IPC files (random access, with a footer; Feather v2 is this format) and streams.
 * Reading converts exactly-convertible Arrow types and dictionary columns (see
 * {@link Feather}); writing splits a table into record batches without copying its buffers.
 */
public final class ArrowIpc {

    /** Rows per record batch when writing, as pyarrow's Feather writer uses. */
    public static final int WRITE_BATCH_ROWS = 1 << 16;

    private ArrowIpc() {
    }

    /** Reads every record batch of an IPC file into one table (no copy when there is one batch). */
    public static Table readFile(Path file, BufferAllocator allocator) throws IOException {
        try (BatchReader reader = IpcBatchReader.openFile(file, allocator)) {
            return reader.readAllWithMetadata(allocator, file.toString());
        }
    }

    /** Opens an IPC file for reading one record batch at a time. */
    public static BatchReader openFile(Path file, BufferAllocator allocator) throws IOException {
        return IpcBatchReader.openFile(file, allocator);
    }

    /** Reads every record batch of an IPC stream into one table. */
    public static Table readStream(Path file, BufferAllocator allocator) throws IOException {
        try (BatchReader reader = IpcBatchReader.openStream(file, allocator)) {
            return reader.readAllWithMetadata(allocator, file.toString());
        }
    }

    /** Opens an IPC stream for reading one record batch at a time. */
    public static BatchReader openStream(Path file, BufferAllocator allocator) throws IOException {
        return IpcBatchReader.openStream(file, allocator);
    }

    /** Writes an IPC file in batches of {@link #WRITE_BATCH_ROWS}; the file appears complete or not at all. */
    public static void writeFile(Table table, Path file, Compression compression) throws IOException {
        write(table, file, compression, true, WRITE_BATCH_ROWS);
    }

    /**
     * Writes an IPC file in record batches of {@code batchRows} rows (a multiple of 8 keeps
     * even validity bitmaps shared rather than copied).
     */
    public static void writeFile(Table table, Path file, Compression compression, int batchRows) throws IOException {
        write(table, file, compression, true, batchRows);
    }

    /** Writes an IPC stream in batches of {@link #WRITE_BATCH_ROWS}; the file appears complete or not at all. */
    public static void writeStream(Table table, Path file, Compression compression) throws IOException {
        write(table, file, compression, false, WRITE_BATCH_ROWS);
    }

    /** Writes an IPC stream in record batches of {@code batchRows} rows. */
    public static void writeStream(Table table, Path file, Compression compression, int batchRows)
            throws IOException {
        write(table, file, compression, false, batchRows);
    }

    private static void write(Table table, Path file, Compression compression, boolean fileFormat, int batchRows)
            throws IOException {
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows must be positive, not " + batchRows);
        }
        AtomicFile.write(file, temporary -> {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                write(table, channel, compression, fileFormat, batchRows);
            }
        });
    }

    /**
     * Writes {@code table} in record batches of {@code batchRows}: each batch is a zero-copy
     * slice (see {@link TableArrowReader}) written and released.
     */
    static void write(Table table, WritableByteChannel channel, Compression compression, boolean fileFormat,
            int batchRows) throws IOException {
        VectorSchemaRoot source = table.batches().get(0);
        // A table without columns has no allocator to borrow; its empty batches need no memory.
        try (BufferAllocator allocator = source.getFieldVectors().isEmpty() ? new RootAllocator(0)
                : source.getVector(0).getAllocator().newChildAllocator("writing " + table.source(), 0, Long.MAX_VALUE);
             TableArrowReader batches = new TableArrowReader(table, allocator, batchRows);
             ArrowWriter writer = fileFormat
                     ? new ArrowFileWriter(batches.getVectorSchemaRoot(), new DictionaryProvider.MapDictionaryProvider(),
                             channel, Map.of(), IpcOption.DEFAULT, Codecs.INSTANCE, compression.codec(),
                             Optional.empty())
                     : new ArrowStreamWriter(batches.getVectorSchemaRoot(),
                             new DictionaryProvider.MapDictionaryProvider(), channel, IpcOption.DEFAULT,
                             Codecs.INSTANCE, compression.codec(), Optional.empty())) {
            writer.start();
            while (batches.loadNextBatch()) {
                writer.writeBatch();
            }
            writer.end();
        }
    }
}
