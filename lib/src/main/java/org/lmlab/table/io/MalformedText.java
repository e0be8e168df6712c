package org.lmlab.table.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Finds where a text file stops being valid in its charset. Buffered readers decode ahead, so
 * the line a reader has reached when decoding fails is not where the bad bytes are (issue 23:
 * bytes on line 102 were reported at line 1); this second pass over the file finds them.
 */
final class MalformedText {

    private MalformedText() {
    }

    /**
     * The error for the first malformed sequence of {@code file}: {@code file:line:column: not
     * valid CHARSET (bytes 0x..)} plus {@code advice}. Called after a read failed, so the cost of
     * a second pass does not matter.
     */
    static TableFormatException error(Path file, Charset charset, String advice, Throwable cause) {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.allocate(1 << 16);
        CharBuffer out = CharBuffer.allocate(1 << 16);
        long line = 1;
        long column = 1;
        long offset = 0;
        try (InputStream stream = Files.newInputStream(file)) {
            boolean end = false;
            while (true) {
                int read = end ? -1 : stream.read(in.array(), in.position(), in.remaining());
                if (read < 0) {
                    end = true;
                } else {
                    in.position(in.position() + read);
                }
                in.flip();
                int before = in.position();
                CoderResult result = decoder.decode(in, out, end);
                out.flip();
                for (int i = 0; i < out.length(); i++) {
                    char c = out.charAt(i);
                    if (c == '\n') {
                        line++;
                        column = 1;
                    } else if (!Character.isLowSurrogate(c)) {
                        column++;
                    }
                }
                out.clear();
                offset += in.position() - before;
                if (result.isError()) {
                    byte[] bad = new byte[result.length()];
                    in.get(bad);
                    return TableFormatException.atColumn(file, line, column, "not valid " + charset.name()
                            + " text (byte offset " + offset + ": 0x" + HexFormat.of().formatHex(bad) + ")"
                            + advice, cause);
                }
                in.compact();
                if (end && !result.isOverflow()) {
                    break;
                }
            }
        } catch (IOException e) {
            // Fall through to the reader's own report.
        }
        return TableFormatException.inFile(file, "not valid " + charset.name() + " text" + advice, cause);
    }
}
