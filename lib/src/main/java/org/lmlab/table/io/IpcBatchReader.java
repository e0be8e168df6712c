package org.lmlab.table.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageMetadataResult;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.lmlab.table.BatchReader;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.ColumnType;
import org.lmlab.table.Table;
import org.lmlab.table.TableSchema;

/**
 * Reads an Arrow IPC file (Feather v2) or stream one record batch at a time. Each batch moves
 * zero-copy into its own table unless a column needs converting (see {@link ArrowCoercion}); a
 * file's batches are memory-mapped rather than read ({@link MappedRegion}), so an uncompressed
 * file is not copied at all.
 * Compressed buffers (LZ4 frame, ZSTD) are decompressed with the codecs of arrow-compression.
 *
 * <p>Before reading a file it checks the magic bytes at both ends, so a truncated file, a stream
 * or a Parquet file given as an Arrow file each get their own message with the offset.
 */
final class IpcBatchReader implements BatchReader {

    private static final byte[] MAGIC = "ARROW1".getBytes(StandardCharsets.US_ASCII);

    private final Path file;
    private final BufferAllocator allocator;
    private final BufferAllocator readerAllocator;
    private final FileChannel channel;
    private final ArrowReader reader;
    private final List<ArrowBlock> blocks;
    private final TableSchema schema;
    private final boolean fileFormat;
    private int batch;

    private IpcBatchReader(Path file, BufferAllocator allocator, boolean fileFormat) throws IOException {
        this.file = file;
        this.allocator = allocator;
        this.fileFormat = fileFormat;
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw TableFormatException.inFile(file, "no such file", e);
        }
        BufferAllocator forReader = null;
        ArrowReader opened = null;
        try {
            if (fileFormat) {
                checkFileMagic();
            }
            forReader = allocator.newChildAllocator(file + " (reader)", 0, Long.MAX_VALUE);
            opened = fileFormat ? new ArrowFileReader(channel, forReader, Codecs.INSTANCE)
                    : new ArrowStreamReader(channel, forReader, Codecs.INSTANCE);
            VectorSchemaRoot root = readSchema(opened);
            this.blocks = fileFormat ? ((ArrowFileReader) opened).getRecordBlocks() : List.of();
            this.schema = coercedSchema(root, opened);
            this.readerAllocator = forReader;
            this.reader = opened;
        } catch (IOException | RuntimeException e) {
            closeQuietly(opened, forReader);
            channel.close();
            throw e;
        }
    }

    static IpcBatchReader openFile(Path file, BufferAllocator allocator) throws IOException {
        return new IpcBatchReader(file, allocator, true);
    }

    static IpcBatchReader openStream(Path file, BufferAllocator allocator) throws IOException {
        return new IpcBatchReader(file, allocator, false);
    }

    @Override
    public TableSchema schema() {
        return schema;
    }

    @Override
    public Map<String, String> metadata() {
        return schemaMetadata(reader);
    }

    /** The schema metadata {@code reader} read (pyarrow's {@code schema.metadata}); empty when none. */
    static Map<String, String> schemaMetadata(ArrowReader reader) {
        try {
            Map<String, String> metadata = reader.getVectorSchemaRoot().getSchema().getCustomMetadata();
            return metadata == null ? Map.of() : metadata;
        } catch (IOException e) {
            return Map.of(); // the schema was read on opening; without it there is no metadata either
        }
    }

    /** Batches in the file (from its footer), or -1 for a stream. */
    int batchCount() {
        return fileFormat ? blocks.size() : -1;
    }

    @Override
    public Table next() throws IOException {
        long offset = fileFormat ? (batch < blocks.size() ? blocks.get(batch).getOffset() : -1) : reader.bytesRead();
        boolean loaded;
        try {
            loaded = fileFormat ? batch < blocks.size() && loadMapped(blocks.get(batch)) : reader.loadNextBatch();
        } catch (IOException | RuntimeException e) {
            throw unreadable(batch, offset, e);
        }
        if (!loaded) {
            return null;
        }
        String name = fileFormat && blocks.size() == 1 ? file.toString() : file + "#" + batch;
        batch++;
        try {
            return ArrowCoercion.adopt(reader.getVectorSchemaRoot(), reader, allocator, name);
        } catch (IllegalArgumentException e) {
            throw unconvertible(batch - 1, offset, e);
        }
    }

    private TableFormatException unreadable(int index, long offset, Exception e) {
        return TableFormatException.atOffset(file, offset, "record batch " + index + " is truncated or corrupt ("
                + e.getMessage() + ")" + (fileFormat ? "" : "; the stream ends early or is damaged"), e);
    }

    private TableFormatException unconvertible(int index, long offset, IllegalArgumentException e) {
        return TableFormatException.atOffset(file, offset, "record batch " + index + ": " + e.getMessage(), e);
    }

    @Override
    public void close() throws IOException {
        try {
            closeQuietly(reader, readerAllocator);
        } finally {
            channel.close();
        }
    }

    /**
     * Loads the record batch of {@code block} with its body memory-mapped, not copied: the
     * vectors point into the file's pages (see {@link MappedRegion}). Compressed buffers are
     * decompressed into fresh memory as usual. A body beyond 2 GiB (one map's limit), or on a file
     * system that cannot map files, is read.
     */
    private boolean loadMapped(ArrowBlock block) throws IOException {
        ArrowRecordBatch loaded = mappedBatch(block);
        if (loaded == null) {
            return ((ArrowFileReader) reader).loadRecordBatch(block);
        }
        try (loaded) {
            new VectorLoader(reader.getVectorSchemaRoot(), Codecs.INSTANCE).load(loaded);
        }
        return true;
    }

    /**
     * The record batch of {@code block} with its body mapped, or null when it must be read (a
     * body beyond 2 GiB, a file system that cannot map). Positional reads only, so batches can
     * be mapped from several threads at once.
     */
    private ArrowRecordBatch mappedBatch(ArrowBlock block) throws IOException {
        long bodyOffset = block.getOffset() + block.getMetadataLength();
        if (block.getOffset() < 0 || block.getMetadataLength() < 0 || block.getBodyLength() < 0
                || bodyOffset + block.getBodyLength() > channel.size()) {
            throw new IOException("the footer places it at bytes " + block.getOffset() + " to "
                    + (bodyOffset + block.getBodyLength()) + ", past the end of the file (" + channel.size()
                    + " bytes)");
        }
        if (block.getBodyLength() > Integer.MAX_VALUE) {
            return null;
        }
        ByteBuffer metadata = ByteBuffer.allocate(block.getMetadataLength());
        while (metadata.hasRemaining()) {
            if (channel.read(metadata, block.getOffset() + metadata.position()) < 0) {
                throw new IOException("the file ends inside the batch's metadata");
            }
        }
        MessageMetadataResult message = MessageSerializer.readMessage(new ReadChannel(
                Channels.newChannel(new ByteArrayInputStream(metadata.array()))));
        if (message == null || message.headerType() != MessageHeader.RecordBatch) {
            throw new IOException("the footer points at a message that is not a record batch");
        }
        ArrowBuf body;
        try {
            body = MappedRegion.map(channel, bodyOffset, block.getBodyLength(), readerAllocator);
        } catch (IOException | UnsupportedOperationException e) {
            // A file system that cannot map files: the batch is read instead.
            return null;
        }
        try {
            // Takes over the reference to body (its slices keep it alive).
            return MessageSerializer.deserializeRecordBatch(message, body);
        } catch (IOException | RuntimeException e) {
            body.close();
            throw e;
        }
    }

    /**
     * Reads the remaining batches into one table. A file's batches (without dictionaries) are
     * mapped and decoded several at once, each into its own vectors: decompressing LZ4/ZSTD
     * buffers is most of the work of reading a compressed Feather file.
     */
    @Override
    public Table readAll(BufferAllocator parent, String source) throws IOException {
        boolean dictionaries = reader.getVectorSchemaRoot().getSchema().getFields().stream()
                .anyMatch(f -> f.getDictionary() != null);
        if (!fileFormat || batch > 0 || blocks.size() < 2 || dictionaries) {
            return BatchReader.super.readAll(parent, source);
        }
        Table[] tables = new Table[blocks.size()];
        RuntimeException[] failures = new RuntimeException[blocks.size()];
        // Failures are collected rather than thrown, so every task has finished before cleaning up.
        IntStream.range(0, tables.length).parallel().forEach(i -> {
            try {
                tables[i] = loadOnItsOwn(i);
            } catch (RuntimeException e) {
                failures[i] = e;
            }
        });
        RuntimeException failure = Arrays.stream(failures).filter(Objects::nonNull).findFirst()
                .orElse(null);
        if (failure != null) {
            for (Table t : tables) {
                if (t != null) {
                    t.close();
                }
            }
            if (failure instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (failure instanceof Unmappable) {
                return BatchReader.super.readAll(parent, source);
            }
            throw failure;
        }
        batch = blocks.size();
        return Table.ofBatches(parent, source, schema, Arrays.asList(tables));
    }

    /** A batch that cannot be mapped: the parallel read gives way to the sequential one. */
    private static final class Unmappable extends RuntimeException {
        Unmappable() {
            super(null, null, false, false);
        }
    }

    private Table loadOnItsOwn(int index) {
        ArrowBlock block = blocks.get(index);
        try {
            ArrowRecordBatch loaded = mappedBatch(block);
            if (loaded == null) {
                throw new Unmappable();
            }
            try (loaded; VectorSchemaRoot root = VectorSchemaRoot.create(reader.getVectorSchemaRoot().getSchema(),
                    readerAllocator)) {
                new VectorLoader(root, Codecs.INSTANCE).load(loaded);
                try {
                    return ArrowCoercion.adopt(root, reader, allocator, file + "#" + index);
                } catch (IllegalArgumentException e) {
                    throw new UncheckedIOException(unconvertible(index, block.getOffset(), e));
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof Unmappable || e instanceof UncheckedIOException) {
                throw (RuntimeException) e;
            }
            throw new UncheckedIOException(unreadable(index, block.getOffset(), e));
        }
    }

    private void checkFileMagic() throws IOException {
        long size = channel.size();
        ByteBuffer head = ByteBuffer.allocate((int) Math.min(8, size));
        channel.read(head, 0);
        byte[] start = head.array();
        if (startsWith(start, "PAR1")) {
            throw TableFormatException.atOffset(file, 0, "this is a Parquet file, not an Arrow IPC file; "
                    + "read it with Parquet.read", null);
        }
        if (startsWith(start, "FEA1")) {
            throw TableFormatException.atOffset(file, 0, "this is a Feather v1 file, which is not supported; "
                    + "rewrite it as Feather v2 (pyarrow.feather.write_feather, version=2)", null);
        }
        if (start.length >= 4 && start[0] == (byte) 0xff && start[1] == (byte) 0xff && start[2] == (byte) 0xff
                && start[3] == (byte) 0xff) {
            throw TableFormatException.atOffset(file, 0, "this is an Arrow IPC stream, not a file; read it with "
                    + "ArrowIpc.readStream", null);
        }
        if (!startsWith(start, "ARROW1")) {
            throw TableFormatException.atOffset(file, 0, "not an Arrow IPC (Feather v2) file: it does not start "
                    + "with the magic bytes ARROW1" + (size == 0 ? " (the file is empty)" : ""), null);
        }
        ByteBuffer tail = ByteBuffer.allocate(MAGIC.length);
        long tailOffset = Math.max(0, size - MAGIC.length);
        channel.read(tail, tailOffset);
        if (size < 2L * MAGIC.length + 4 || !Arrays.equals(tail.array(), MAGIC)) {
            throw TableFormatException.atOffset(file, tailOffset, "the file is truncated: a complete Arrow IPC file "
                    + "ends with a footer and the magic bytes ARROW1, which are missing (file size " + size
                    + " bytes)", null);
        }
    }

    private VectorSchemaRoot readSchema(ArrowReader opened) throws IOException {
        try {
            return opened.getVectorSchemaRoot();
        } catch (IOException | RuntimeException e) {
            long offset = fileFormat ? Math.max(0, channel.size() - MAGIC.length - 4) : 0;
            throw TableFormatException.atOffset(file, offset, (fileFormat ? "the footer" : "the schema message")
                    + " cannot be read; the file is truncated or corrupt (" + e.getMessage() + ")", e);
        }
    }

    /** The schema batches will have: Arrow types that tables store, after conversion. */
    private TableSchema coercedSchema(VectorSchemaRoot root, ArrowReader opened) throws TableFormatException {
        List<ColumnSchema> columns = new ArrayList<>();
        try (BufferAllocator probe = allocator.newChildAllocator(file + " (schema)", 0, Long.MAX_VALUE)) {
            for (FieldVector v : root.getFieldVectors()) {
                // An empty vector of the file's type converts like a full one, so the schema is known up front.
                try (FieldVector empty = v.getField().createVector(probe)) {
                    if (v.getField().getDictionary() != null) {
                        columns.add(dictionaryValueSchema(v, opened));
                        continue;
                    }
                    try (FieldVector converted = ArrowCoercion.coerce(empty, opened, probe)) {
                        columns.add(ColumnSchema.fromArrowField(converted.getField()).withName(v.getName()));
                    }
                }
            }
            return new TableSchema(columns);
        } catch (IllegalArgumentException e) {
            throw TableFormatException.inFile(file, e.getMessage(), e);
        }
    }

    private ColumnSchema dictionaryValueSchema(FieldVector v, ArrowReader opened) {
        DictionaryEncoding encoding = v.getField().getDictionary();
        var dictionary = opened.lookup(encoding.getId());
        if (dictionary == null) {
            // Stream dictionaries arrive with the first batch; assume the common case, strings.
            return ColumnSchema.of(v.getName(), ColumnType.UTF8);
        }
        try (BufferAllocator probe = allocator.newChildAllocator("dictionary probe", 0, Long.MAX_VALUE);
             FieldVector values = dictionary.getVector().getField().createVector(probe);
             FieldVector converted = ArrowCoercion.coerce(values, opened, probe)) {
            return ColumnSchema.fromArrowField(converted.getField()).withName(v.getName());
        }
    }

    private static boolean startsWith(byte[] bytes, String magic) {
        byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
        return bytes.length >= m.length && Arrays.equals(bytes, 0, m.length, m, 0, m.length);
    }

    private static void closeQuietly(ArrowReader reader, BufferAllocator allocator) throws IOException {
        try {
            if (reader != null) {
                reader.close();
            }
        } finally {
            if (allocator != null) {
                allocator.close();
            }
        }
    }
}
