package org.lmlab.table.io;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
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
 * then starts after the first line end at even parity. That pass needs no schema: {@link #start}
 * runs it in the background while the caller reads the sample. Each chunk is parsed by
 * {@link CsvChunkParser}, which refuses anything irregular and checks that its last record ends
 * exactly where the next chunk starts: if every chunk agrees, the cuts were record boundaries and
 * the table equals the Java reader's. Otherwise (and for options it does not handle) this
 * declines, returning null, and the Java reader reads the file and names what is wrong.
 */
final class ParallelCsvReader implements AutoCloseable {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final int MIN_CHUNK = 1 << 20;
    private static final int MAX_CHUNK = 64 << 20;
    private static final int WINDOW = 64 << 10;
    /** Room after a kept chunk for the head of the next one (the end of its last record). */
    private static final int SLACK = 64 << 10;

    private final Path file;
    private final CsvOptions options;
    private final FileChannel channel;
    private final long size;
    private final CompletableFuture<Cuts> cuts;

    /**
     * Where the chunks start ({@code starts[i]} to {@code starts[i + 1]}, the last ending at the
     * end of the file; -1 entries mean the file is irregular), and, where the file is small
     * enough to hold, the bytes read while counting quotes: chunk i's nominal bytes from
     * {@code nominal[i]}, with {@link #SLACK} spare bytes after them.
     */
    private record Cuts(long[] starts, long[] nominal, byte[][] kept) {
    }

    private ParallelCsvReader(Path file, CsvOptions options, FileChannel channel, int chunkBytes, long keepLimit)
            throws IOException {
        this.file = file;
        this.options = options;
        this.channel = channel;
        this.size = channel.size();
        long chunk = chunkBytes > 0 ? chunkBytes : defaultChunk(size);
        int chunks = (int) Math.max(1, (size + chunk - 1) / chunk);
        boolean keep = size <= keepLimit;
        this.cuts = CompletableFuture.supplyAsync(() -> {
            try {
                return cut(chunk, chunks, keep);
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                return null; // the Java reader streams the file instead
            }
        });
    }

    /**
     * Starts cutting {@code file} into chunks in the background (chunks of about {@code chunkBytes}
     * bytes; 0: from the file size and the number of cores); null when this reader cannot read
     * files with these options or the file cannot be opened (the Java reader then reports why).
     */
    static ParallelCsvReader start(Path file, CsvOptions options, int chunkBytes) {
        return start(file, options, chunkBytes, Runtime.getRuntime().maxMemory() / 4);
    }

    /**
     * As {@link #start(Path, CsvOptions, int)}; files up to {@code keepLimit} bytes stay in memory
     * between counting quotes and parsing, larger ones are read twice.
     */
    static ParallelCsvReader start(Path file, CsvOptions options, int chunkBytes, long keepLimit) {
        // A pipe or /proc file reports size 0 and can be read once: the Java reader's alone.
        if (!options.charset().equals(StandardCharsets.UTF_8) || options.delimiter() >= 0x80
                || options.quote() >= 0x80 || !Files.isRegularFile(file) || !encodable(options.nullValues())) {
            return null;
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file);
            return new ParallelCsvReader(file, options, channel, chunkBytes, keepLimit);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            return null;
        }
    }

    /** Whether every null spelling is valid text (a lone surrogate has no UTF-8 bytes to compare with). */
    private static boolean encodable(Set<String> spellings) {
        return spellings.stream().allMatch(s -> StandardCharsets.UTF_8.newEncoder().canEncode(s));
    }

    /** Reads {@code file} with {@code schema} in one go (see {@link #start}): null when the Java reader must read it. */
    static Table tryRead(Path file, BufferAllocator allocator, CsvOptions options, TableSchema schema,
            int chunkBytes, long keepLimit) {
        try (ParallelCsvReader reader = start(file, options, chunkBytes, keepLimit)) {
            return reader == null ? null : reader.read(allocator, schema);
        }
    }

    /** Waits for the cuts and parses every chunk into {@code schema}; null when the Java reader must read the file. */
    Table read(BufferAllocator allocator, TableSchema schema) {
        Cuts found = cuts.join();
        if (found == null || schema.size() == 0) {
            return null;
        }
        long[] starts = found.starts();
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
                roots[i] = parseChunk(found, i, schema, target);
                failed[i] = roots[i] == null;
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
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

    /** Closes the file; a cutting pass still running then fails quietly. */
    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // Nothing was written; nothing to lose.
        }
    }

    private static long defaultChunk(long size) {
        int cores = Runtime.getRuntime().availableProcessors();
        return Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, size / (4L * cores)));
    }

    private Cuts cut(long chunk, int chunks, boolean keep) throws IOException {
        long dataStart = dataStart();
        if (dataStart < 0) {
            return null;
        }
        long[] nominal = new long[chunks + 1];
        for (int i = 0; i <= chunks; i++) {
            nominal[i] = Math.min(size, i * chunk);
        }
        byte[][] kept = keep ? new byte[chunks][] : null;
        long[] quotes = new long[chunks];
        boolean[] failed = new boolean[1];
        IntStream.range(0, chunks).parallel().forEach(i -> {
            try {
                quotes[i] = countQuotes(nominal[i], nominal[i + 1], kept, i);
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                failed[0] = true;
            }
        });
        if (failed[0]) {
            return null;
        }
        long[] starts = new long[chunks + 1];
        starts[0] = dataStart;
        starts[chunks] = size;
        long before = 0;
        for (int i = 1; i < chunks; i++) {
            before += quotes[i - 1];
            // A header or record longer than a chunk may already reach past this cut: chunk i - 1 is then empty.
            starts[i] = Math.max(starts[i - 1], lineStartAfter(nominal[i], (before & 1) == 1));
        }
        return new Cuts(starts, nominal, kept);
    }

    /** Where the first data record may start: after a byte-order mark and the header; -1 if irregular. */
    private long dataStart() throws IOException {
        byte[] head = read(0, (int) Math.min(size, WINDOW));
        int start = head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB
                && (head[2] & 0xff) == 0xBF ? 3 : 0;
        if (!options.header()) {
            return start;
        }
        for (int length = head.length; ; length = (int) Math.min(size, 2L * length)) {
            if (length > head.length) {
                head = read(0, length);
            }
            int end = CsvChunkParser.recordEnd(head, start, length, length == size, (byte) options.delimiter(),
                    (byte) options.quote());
            if (end >= 0 || length == size || length >= MAX_CHUNK) {
                return end;
            }
        }
    }

    /** Quote characters in bytes {@code [from, to)}; keeps the bytes in {@code kept[i]} if {@code kept} is given. */
    private long countQuotes(long from, long to, byte[][] kept, int i) throws IOException {
        int length = (int) (to - from);
        byte[] buffer = kept != null ? new byte[length + SLACK] : new byte[Math.min(WINDOW * 16, length)];
        long pattern = (options.quote() & 0xffL) * 0x0101010101010101L;
        long count = 0;
        for (long at = from; at < to; ) {
            int offset = kept != null ? (int) (at - from) : 0;
            int n = (int) Math.min(buffer.length - offset, to - at);
            readFully(ByteBuffer.wrap(buffer, offset, n), at);
            int k = offset;
            for (; k + 8 <= offset + n; k += 8) {
                // Bytes equal to the quote become zero; count zero bytes (no carries cross bytes).
                long x = (long) LONGS.get(buffer, k) ^ pattern;
                long nonZero = ((x & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL | x) & 0x8080808080808080L;
                count += 8 - Long.bitCount(nonZero);
            }
            for (; k < offset + n; k++) {
                if (buffer[k] == options.quote()) {
                    count++;
                }
            }
            at += n;
        }
        if (kept != null) {
            kept[i] = buffer;
        }
        return count;
    }

    /** The offset after the first line end at or after {@code from} that lies outside quotes; the file size if none. */
    private long lineStartAfter(long from, boolean inQuotes) throws IOException {
        boolean quoted = inQuotes;
        byte quote = (byte) options.quote();
        for (long at = from; at < size; at += WINDOW) {
            byte[] window = read(at, (int) Math.min(WINDOW + 1L, size - at));
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

    private VectorSchemaRoot parseChunk(Cuts found, int i, TableSchema schema, BufferAllocator target)
            throws IOException {
        long from = found.starts()[i];
        long to = found.starts()[i + 1];
        byte[] bytes;
        int offset;
        long nominal = found.nominal()[i];
        byte[] kept = found.kept() == null ? null : found.kept()[i];
        if (kept != null && from >= nominal && to - nominal <= kept.length && to >= found.nominal()[i + 1]) {
            // The chunk's own bytes are in memory; the end of its last record comes from the next chunk's head.
            long next = found.nominal()[i + 1];
            readFully(ByteBuffer.wrap(kept, (int) (next - nominal), (int) (to - next)), next);
            bytes = kept;
            offset = (int) (from - nominal);
        } else {
            bytes = read(from, Math.toIntExact(to - from));
            offset = 0;
        }
        if (found.kept() != null) {
            found.kept()[i] = null;
        }
        ColumnSink[] sinks = new ColumnSink[schema.size()];
        for (int c = 0; c < sinks.length; c++) {
            sinks[c] = ColumnSink.of(schema.get(c));
        }
        int end = offset + (int) (to - from);
        if (!new CsvChunkParser(options, sinks).parse(bytes, offset, end, to == size)) {
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
        List<Field> fields = schema.columns().stream()
                .map(ColumnSchema::toArrowField).toList();
        return new VectorSchemaRoot(fields, vectors, sinks[0].rows());
    }

    private byte[] read(long at, int length) throws IOException {
        byte[] bytes = new byte[length];
        readFully(ByteBuffer.wrap(bytes), at);
        return bytes;
    }

    private void readFully(ByteBuffer buffer, long at) throws IOException {
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
