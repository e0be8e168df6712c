package org.lmlab.kernel.io;

import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * An OutputStream that becomes {@code stream} messages. Bytes are batched and sent on
 * {@link #flush()}, which the kernel calls periodically, before displays and at cell end, so a
 * loop printing thousands of lines sends a few dozen messages. A UTF-8 sequence split across
 * writes is held back until complete.
 *
 * <p>Each cell (each parent request) may send up to a limit ({@value #DEFAULT_LIMIT} bytes unless
 * the system property {@code lmlab.output.limit} or {@code LMLAB_OUTPUT_LIMIT} says otherwise):
 * beyond it the front end gets one note, and the rest of the cell's text goes to a file the note
 * names. Fifty megabytes of print in a cell would otherwise stall the browser, not just the cell.
 */
public final class IopubStream extends OutputStream {

    static final long DEFAULT_LIMIT = 5_000_000;

    private final String name;
    private final Output output;
    private final long limit;
    private final Path spillDirectory;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private Object cell;
    private long sent;
    private Path spillFile;
    private OutputStream spill;

    public IopubStream(String name, Output output) {
        this(name, output, configuredLimit(), Path.of(System.getProperty("java.io.tmpdir"),
                "lmlab-output-" + ProcessHandle.current().pid()));
    }

    IopubStream(String name, Output output, long limit, Path spillDirectory) {
        this.name = name;
        this.output = output;
        this.limit = limit;
        this.spillDirectory = spillDirectory;
    }

    static long configuredLimit() {
        String value = System.getProperty("lmlab.output.limit", System.getenv("LMLAB_OUTPUT_LIMIT"));
        try {
            return value == null || value.isBlank() ? DEFAULT_LIMIT : Math.max(1024, Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return DEFAULT_LIMIT;
        }
    }

    @Override
    public synchronized void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        newCellCheck();
        if (spill != null) {
            spillWrite(bytes, offset, length);
        } else {
            buffer.write(bytes, offset, length);
            if (sent + buffer.size() > limit) {
                flush();
            }
        }
    }

    @Override
    public synchronized void flush() {
        newCellCheck();
        if (buffer.size() == 0) {
            return;
        }
        byte[] bytes = buffer.toByteArray();
        int complete = completeUtf8Prefix(bytes, bytes.length);
        if (sent + complete > limit) {
            int head = completeUtf8Prefix(bytes, (int) Math.max(0, limit - sent));
            buffer.reset();
            send(new String(bytes, 0, head, StandardCharsets.UTF_8));
            startSpill(bytes, head);
            return;
        }
        if (complete == 0) {
            return;
        }
        buffer.reset();
        buffer.write(bytes, complete, bytes.length - complete);
        send(new String(bytes, 0, complete, StandardCharsets.UTF_8));
    }

    /** A new parent request is a new cell: its own budget, and the last cell's file closed. */
    private void newCellCheck() {
        Object parent = output.parent();
        if (parent != cell) {
            cell = parent;
            sent = 0;
            closeSpill();
        }
    }

    private void send(String text) {
        if (text.isEmpty()) {
            return;
        }
        sent += text.getBytes(StandardCharsets.UTF_8).length;
        JsonObject content = new JsonObject();
        content.addProperty("name", name);
        content.addProperty("text", text);
        output.publish("stream", content);
    }

    private void startSpill(byte[] bytes, int from) {
        String where;
        try {
            Files.createDirectories(spillDirectory);
            spillFile = Files.createTempFile(spillDirectory, "cell-" + name + "-", ".txt");
            spill = Files.newOutputStream(spillFile);
            where = "the rest is in " + spillFile;
        } catch (IOException e) {
            spill = OutputStream.nullOutputStream();
            where = "the rest is dropped (no file could be written: " + e.getMessage() + ")";
        }
        send(String.format(Locale.ROOT, "%n[lmlab] %s truncated after %.1f MB (the limit: system property "
                + "lmlab.output.limit or LMLAB_OUTPUT_LIMIT, in bytes); %s%n", name, limit / 1e6, where));
        spillWrite(bytes, from, bytes.length - from);
    }

    private void spillWrite(byte[] bytes, int offset, int length) {
        try {
            spill.write(bytes, offset, length);
        } catch (IOException e) {
            spill = OutputStream.nullOutputStream();
        }
    }

    private void closeSpill() {
        if (spill != null) {
            try {
                spill.close();
            } catch (IOException e) {
                // The file keeps what was written.
            }
            spill = null;
            spillFile = null;
        }
    }

    /** Length of the longest prefix of {@code bytes[0, n)} that does not end inside a multi-byte UTF-8 sequence. */
    static int completeUtf8Prefix(byte[] bytes, int n) {
        for (int back = 1; back <= Math.min(3, n); back++) {
            int b = bytes[n - back] & 0xFF;
            if ((b & 0xC0) == 0x80) {
                continue;
            }
            int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > back ? n - back : n;
        }
        return n;
    }
}
