package org.lmlab.kernel.io;

import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An OutputStream that becomes {@code stream} messages. Bytes are batched and sent on
 * {@link #flush()}, which the kernel calls periodically, before displays and at cell end, so a
 * loop printing thousands of lines sends a few dozen messages. A UTF-8 sequence split across
 * writes is held back until complete.
 */
public final class IopubStream extends OutputStream {

    private final String name;
    private final Output output;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    public IopubStream(String name, Output output) {
        this.name = name;
        this.output = output;
    }

    @Override
    public synchronized void write(int b) {
        buffer.write(b);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        buffer.write(bytes, offset, length);
    }

    @Override
    public synchronized void flush() {
        if (buffer.size() == 0) {
            return;
        }
        byte[] bytes = buffer.toByteArray();
        int complete = completeUtf8Prefix(bytes);
        if (complete == 0) {
            return;
        }
        buffer.reset();
        buffer.write(bytes, complete, bytes.length - complete);
        JsonObject content = new JsonObject();
        content.addProperty("name", name);
        content.addProperty("text", new String(bytes, 0, complete, StandardCharsets.UTF_8));
        output.publish("stream", content);
    }

    /** Length of the longest prefix that does not end inside a multi-byte UTF-8 sequence. */
    static int completeUtf8Prefix(byte[] bytes) {
        int n = bytes.length;
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
