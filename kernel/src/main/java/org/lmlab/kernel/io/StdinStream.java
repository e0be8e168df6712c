package org.lmlab.kernel.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.lmlab.display.InputSource;

/** {@code System.in} for cells: each time it runs dry it asks the front end for one line. */
public final class StdinStream extends InputStream {

    private final InputSource source;
    private byte[] line = new byte[0];
    private int position;

    public StdinStream(InputSource source) {
        this.source = source;
    }

    @Override
    public synchronized int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return line[position++] & 0xFF;
    }

    @Override
    public synchronized int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(length, line.length - position);
        System.arraycopy(line, position, buffer, offset, n);
        position += n;
        return n;
    }

    @Override
    public synchronized int available() {
        return line.length - position;
    }

    private boolean fill() throws IOException {
        if (position < line.length) {
            return true;
        }
        try {
            line = (source.readLine("", false) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (UnsupportedOperationException | IllegalStateException e) {
            throw new IOException("System.in: " + e.getMessage(), e);
        }
        position = 0;
        return true;
    }
}
