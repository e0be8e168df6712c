package org.lmlab.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads a whole text file for scoring, with errors that say where: the JDK's own say "Input length = 3" for bad
 * bytes and only the path for a missing file.
 */
public final class TextFile {

    private TextFile() {
    }

    /**
     * The text of {@code file} in {@code charset}.
     *
     * @throws Problem when the file is missing or unreadable, holds bytes that are not {@code charset}, or (UTF-8)
     *     holds a NUL byte, which text never does and binary files almost always do
     */
    public static String read(Path file, Charset charset) throws Problem {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new Problem(file + ": no such file (looked for " + file.toAbsolutePath().normalize() + ")", -1, 0, 0);
        } catch (AccessDeniedException e) {
            throw new Problem(file + ": permission denied", -1, 0, 0);
        } catch (IOException e) {
            String why = Files.isDirectory(file) ? "a directory, not a file" : e.getMessage();
            throw new Problem(file + ": cannot read it (" + why + ")", -1, 0, 0);
        }
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 16,
                (long) Math.ceil(bytes.length * (double) decoder.maxCharsPerByte()) + 1));
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            StringBuilder hex = new StringBuilder();
            for (int i = at; i < Math.min(bytes.length, at + Math.max(1, result.length())); i++) {
                hex.append(String.format(Locale.ROOT, " 0x%02X", bytes[i] & 0xff));
            }
            throw problem(file, bytes, at, "is not " + charset.name() + " text: bytes" + hex + " at");
        }
        if (charset.equals(StandardCharsets.UTF_8)) {
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == 0) {
                    throw problem(file, bytes, i, "looks binary, not text: a NUL byte at");
                }
            }
        }
        out.flip();
        return out.toString();
    }

    private static Problem problem(Path file, byte[] bytes, int offset, String what) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int column = offset - lineStart + 1;
        return new Problem(String.format(Locale.ROOT, "%s %s byte offset %d (line %d, byte %d of the line)", file,
                what, offset, line, column), offset, line, column);
    }

    /**
     * Why a file could not be read as text; {@code offset} is the byte offset of the bad bytes (-1 when the
     * file could not be read at all), {@code line} and {@code column} (in bytes) count from 1.
     */
    public static final class Problem extends IOException {
        private static final long serialVersionUID = 1L;

        private final long offset;
        private final int line;
        private final int column;

        Problem(String message, long offset, int line, int column) {
            super(message);
            this.offset = offset;
            this.line = line;
            this.column = column;
        }

        /** Byte offset of the first bad byte, or -1 when the file could not be read. */
        public long offset() {
            return offset;
        }

        public int line() {
            return line;
        }

        public int column() {
            return column;
        }

        /** True when the bytes were read but are not text in the charset asked for. */
        public boolean badBytes() {
            return offset >= 0;
        }
    }
}
