package org.lmlab.table.io;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.Table;
import org.lmlab.table.TableSchema;

/**
 * The fast path of {@link Csv#read}: parses a whole UTF-8 file on all cores, straight from its
 * bytes into Arrow vectors, one record batch per chunk of the file, in the schema the Java
 * reader chose from the header and the sample.
 *
 * <p>Cutting a CSV file needs to know, at each cut, whether it falls inside a quoted field (which
 * may hold line breaks). In a regularly quoted file that is the parity of the number of quote
 * characters before the cut, so a first parallel pass counts quotes per chunk, and each chunk
 * then starts after the first line end at even parity. Each chunk is parsed by
 * {@link CsvChunkParser}, which refuses anything irregular and checks that its last record ends
 * exactly where the next chunk starts: if every chunk agrees, the cuts were record boundaries and
 * the table equals the Java reader's. Otherwise (and for options it does not handle) this
 * declines, returning null, and the Java reader reads the file and names what is wrong.
 */
final class ParallelCsvReader {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final int MIN_CHUNK = 1 << 20;
    private static final int MAX_CHUNK = 64 << 20;
    private static final int WINDOW = 64 << 10;

    private ParallelCsvReader() {
    }

    /** The table, or null when the Java reader must read this file. */
    static Table tryRead(Path file, BufferAllocator allocator, CsvOptions options, TableSchema schema)
            throws IOException {
        return tryRead(file, allocator, options, schema, 0);
    }

    /**
     * As {@link #tryRead(Path, BufferAllocator, CsvOptions, TableSchema)} with chunks of about
     * {@code chunkBytes} bytes (0: chosen from the file size and the number of cores).
     */
    static Table tryRead(Path file, BufferAllocator allocator, CsvOptions options, TableSchema schema,
            int chunkBytes) throws IOException {
        if (!applicable(options, schema)) {
            return null;
        }
        try (FileChannel channel = FileChannel.open(file)) {
            long size = channel.size();
            long dataStart = dataStart(channel, size, options, schema);
            if (dataStart < 0) {
                return null;
            }
            long chunk = chunkBytes > 0 ? chunkBytes : defaultChunk(size);
            int chunks = (int) Math.max(1, (size + chunk - 1) / chunk);
            long[] starts = cuts(channel, size, chunk, chunks, dataStart, options.quote());
            return parse(channel, file, allocator, options, schema, starts, size);
        }
    }

    private static boolean applicable(CsvOptions options, TableSchema schema) {
        return options.charset().equals(StandardCharsets.UTF_8) && options.delimiter() < 0x80
                && options.quote() < 0x80 && schema.size() > 0;
    }

    private static long defaultChunk(long size) {
        int cores = Runtime.getRuntime().availableProcessors();
        return Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, size / (4L * cores)));
    }

    /** Where the first data record may start: after a byte-order mark and the header; -1 if irregular. */
    private static long dataStart(FileChannel channel, long size, CsvOptions options, TableSchema schema)
            throws IOException {
        byte[] head = read(channel, 0, (int) Math.min(size, WINDOW));
        int start = head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB
                && (head[2] & 0xff) == 0xBF ? 3 : 0;
        if (!options.header()) {
            return start;
        }
        CsvChunkParser parser = new CsvChunkParser(options, new ColumnSink[schema.size()]);
        for (int length = head.length; ; length = (int) Math.min(size, 2L * length)) {
            if (length > head.length) {
                head = read(channel, 0, length);
            }
            int end = parser.recordEnd(head, start, length, length == size);
            if (end >= 0 || length == size || length >= MAX_CHUNK) {
                return end;
            }
        }
    }

    /**
     * Chunk starts (chunk i is {@code [starts[i], starts[i + 1])}, the last ending at the end of
     * the file): each nominal cut moved to just after the first line end outside quotes.
     */
    private static long[] cuts(FileChannel channel, long size, long chunk, int chunks, long dataStart, char quote)
            throws IOException {
        long[] quotes = new long[chunks];
        IOException[] failure = new IOException[1];
        IntStream.range(0, chunks).parallel().forEach(i -> {
            try {
                quotes[i] = countQuotes(channel, i * chunk, Math.min(size, (i + 1) * chunk), (byte) quote);
            } catch (IOException e) {
                failure[0] = e;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        long[] starts = new long[chunks + 1];
        starts[0] = dataStart;
        starts[chunks] = size;
        long before = 0;
        for (int i = 1; i < chunks; i++) {
            before += quotes[i - 1];
            // A header or record longer than a chunk may already reach past this cut: chunk i - 1 is then empty.
            starts[i] = Math.max(starts[i - 1], lineStartAfter(channel, size, i * chunk, (before & 1) == 1,
                    (byte) quote));
        }
        return starts;
    }

    private static long countQuotes(FileChannel channel, long from, long to, byte quote) throws IOException {
        byte[] buffer = new byte[(int) Math.min(WINDOW * 16L, to - from)];
        long pattern = (quote & 0xffL) * 0x0101010101010101L;
        long count = 0;
        for (long at = from; at < to; ) {
            int n = (int) Math.min(buffer.length, to - at);
            readFully(channel, ByteBuffer.wrap(buffer, 0, n), at);
            int i = 0;
            for (; i + 8 <= n; i += 8) {
                // Bytes equal to the quote become zero; count zero bytes (no carries cross bytes).
                long x = (long) LONGS.get(buffer, i) ^ pattern;
                long nonZero = ((x & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL | x) & 0x8080808080808080L;
                count += 8 - Long.bitCount(nonZero);
            }
            for (; i < n; i++) {
                if (buffer[i] == quote) {
                    count++;
                }
            }
            at += n;
        }
        return count;
    }

    /** The offset after the first line end at or after {@code from} that lies outside quotes; the file size if none. */
    private static long lineStartAfter(FileChannel channel, long size, long from, boolean inQuotes, byte quote)
            throws IOException {
        boolean quoted = inQuotes;
        for (long at = from; at < size; at += WINDOW) {
            byte[] window = read(channel, at, (int) Math.min(WINDOW + 1L, size - at));
            int n = (int) Math.min(WINDOW, size - at);
            for (int i = 0; i < n; i++) {
                byte x = window[i];
                if (x == quote) {
                    quoted = !quoted;
                } else if (!quoted && (x == '\n' || x == '\r')) {
                    boolean crlf = x == '\r' && i + 1 < window.length && window[i + 1] == '\n';
                    return at + i + (crlf ? 2 : 1);
                }
            }
        }
        return size;
    }

    private static Table parse(FileChannel channel, Path file, BufferAllocator allocator, CsvOptions options,
            TableSchema schema, long[] starts, long size) {
        int chunks = starts.length - 1;
        BufferAllocator target = allocator.newChildAllocator(file.toString(), 0, Long.MAX_VALUE);
        VectorSchemaRoot[] roots = new VectorSchemaRoot[chunks];
        boolean[] failed = new boolean[chunks];
        // A chunk that fails records it rather than throwing, so every task has finished (and
        // nothing still allocates from target) before the result is looked at.
        IntStream.range(0, chunks).parallel().forEach(i -> {
            if (starts[i + 1] <= starts[i]) {
                return;
            }
            try {
                roots[i] = parseChunk(channel, options, schema, starts[i], starts[i + 1], starts[i + 1] == size,
                        target);
                failed[i] = roots[i] == null;
            } catch (IOException | RuntimeException e) {
                failed[i] = true;
            }
        });
        List<VectorSchemaRoot> batches = new ArrayList<>();
        for (VectorSchemaRoot root : roots) {
            if (root != null) {
                batches.add(root);
            }
        }
        for (boolean f : failed) {
            if (f) {
                batches.forEach(VectorSchemaRoot::close);
                target.close();
                return null;
            }
        }
        if (batches.isEmpty()) {
            batches.add(VectorSchemaRoot.create(schema.toArrow(), target));
        }
        return Table.adopt(target, batches);
    }

    private static VectorSchemaRoot parseChunk(FileChannel channel, CsvOptions options, TableSchema schema,
            long from, long to, boolean endOfFile, BufferAllocator target) throws IOException {
        byte[] bytes = read(channel, from, Math.toIntExact(to - from));
        ColumnSink[] sinks = new ColumnSink[schema.size()];
        for (int c = 0; c < sinks.length; c++) {
            sinks[c] = ColumnSink.of(schema.get(c));
        }
        if (!new CsvChunkParser(options, sinks).parse(bytes, 0, bytes.length, endOfFile)) {
            return null;
        }
        List<FieldVector> vectors = new ArrayList<>();
        try {
            for (ColumnSink sink : sinks) {
                vectors.add(sink.finish(target));
            }
        } catch (RuntimeException e) {
            vectors.forEach(FieldVector::close);
            throw e;
        }
        List<org.apache.arrow.vector.types.pojo.Field> fields = schema.columns().stream()
                .map(ColumnSchema::toArrowField).toList();
        return new VectorSchemaRoot(fields, vectors, sinks[0].rows());
    }

    private static byte[] read(FileChannel channel, long at, int length) throws IOException {
        byte[] bytes = new byte[length];
        readFully(channel, ByteBuffer.wrap(bytes), at);
        return bytes;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long at) throws IOException {
        long position = at;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new IOException("the file ended early (was it changed while being read?)");
            }
            position += n;
        }
    }
}
