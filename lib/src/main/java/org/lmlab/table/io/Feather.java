package org.lmlab.table.io;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.lmlab.table.BatchReader;
import org.lmlab.table.Table;

/**
 * Feather v2 files, which are Arrow IPC files: uncompressed, LZ4-frame or ZSTD compressed, as
 * {@code pyarrow.feather.write_feather} writes them (its default is LZ4). Columns pandas or
 * pyarrow store in other Arrow types read as the nearest table type when the conversion is
 * exact: int8/int16/uint8/uint16 → int32, uint32 → int64, float16 → float32, large_string and
 * dictionary (categorical) columns → utf8, date64 → date32, timestamps in s/ms/ns → µs (ns only
 * when no sub-microsecond digits are set).
 */
public final class Feather {

    private Feather() {
    }

    public static Table read(Path file, BufferAllocator allocator) throws IOException {
        return ArrowIpc.readFile(file, allocator);
    }

    public static BatchReader open(Path file, BufferAllocator allocator) throws IOException {
        return ArrowIpc.openFile(file, allocator);
    }

    /** Writes with LZ4 compression, pyarrow's default. */
    public static void write(Table table, Path file) throws IOException {
        write(table, file, Compression.LZ4);
    }

    public static void write(Table table, Path file, Compression compression) throws IOException {
        ArrowIpc.writeFile(table, file, compression);
    }

    /** Writes in record batches of {@code batchRows} rows, like pyarrow's {@code chunksize}. */
    public static void write(Table table, Path file, Compression compression, int batchRows) throws IOException {
        ArrowIpc.writeFile(table, file, compression, batchRows);
    }
}
