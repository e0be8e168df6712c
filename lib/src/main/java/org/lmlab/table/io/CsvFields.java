package org.lmlab.table.io;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * Where the fields of a block of CSV records lie in a chunk's bytes, as {@link CsvChunkParser}
 * found them: for field {@code i} (record {@code i / columns}, column {@code i % columns}) its
 * content's start and end and whether it was quoted. Column sinks then parse one column of
 * the block at a time. Also knows the null spellings and unescapes doubled quotes.
 */
final class CsvFields {

    /** Unquoted, and no null spelling (told apart while the bytes are at hand, see {@link #mayBeNull}). */
    static final byte PLAIN = 0;
    /** Unquoted, of a null spelling's length and first byte: {@link #isNull} decides. */
    static final byte PLAIN_OR_NULL = 3;
    static final byte QUOTED = 1;
    /** Quoted, with doubled quotes inside that {@link #unescape} makes single. */
    static final byte ESCAPED = 2;

    private final int columns;
    private final byte quote;
    /** The null spellings' bytes, by length. */
    private final byte[][][] nullsByLength;
    /** Whether some non-empty null spelling starts with byte b (index b &amp; 0xff): most cells are rejected on it. */
    private final boolean[] nullStarts = new boolean[256];
    private byte[] bytes;
    private int rows;
    private int[] starts;
    private int[] ends;
    private byte[] kinds;
    private byte[] scratch = new byte[256];

    CsvFields(int columns, byte quote, Set<String> nullSpellings, int capacityRows) {
        this.columns = columns;
        this.quote = quote;
        this.nullsByLength = byLength(nullSpellings);
        for (String spelling : nullSpellings) {
            byte[] bytes = spelling.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > 0) {
                nullStarts[bytes[0] & 0xff] = true;
            }
        }
        this.starts = new int[capacityRows * columns];
        this.ends = new int[capacityRows * columns];
        this.kinds = new byte[capacityRows * columns];
    }

    private static byte[][][] byLength(Set<String> spellings) {
        int longest = spellings.stream().mapToInt(s -> s.getBytes(StandardCharsets.UTF_8).length).max().orElse(-1);
        byte[][][] table = new byte[longest + 1][][];
        for (int n = 0; n <= longest; n++) {
            final int length = n;
            table[n] = spellings.stream().map(s -> s.getBytes(StandardCharsets.UTF_8))
                    .filter(b -> b.length == length).toArray(byte[][]::new);
        }
        return table;
    }

    /** Starts a new block over {@code source}. */
    void reset(byte[] source) {
        this.bytes = source;
        this.rows = 0;
    }

    void set(int i, int start, int end, byte kind) {
        starts[i] = start;
        ends[i] = end;
        kinds[i] = kind;
    }

    void rows(int count) {
        this.rows = count;
    }

    int rows() {
        return rows;
    }

    int columns() {
        return columns;
    }

    byte[] bytes() {
        return bytes;
    }

    int start(int i) {
        return starts[i];
    }

    int end(int i) {
        return ends[i];
    }

    byte kind(int i) {
        return kinds[i];
    }

    /** Whether bytes {@code [from, to)} of {@code b} could spell a null: a cheap test on length and first byte. */
    boolean mayBeNull(byte[] b, int from, int to) {
        int length = to - from;
        return length < nullsByLength.length && (length == 0 || nullStarts[b[from] & 0xff]);
    }

    /** Whether bytes {@code [from, to)} of {@code b} spell a null. */
    boolean isNull(byte[] b, int from, int to) {
        int length = to - from;
        if (!mayBeNull(b, from, to)) {
            return false;
        }
        for (byte[] spelling : nullsByLength[length]) {
            if (Arrays.equals(b, from, to, spelling, 0, length)) {
                return true;
            }
        }
        return false;
    }

    /** Copies field content {@code [from, to)} into {@link #scratch} with doubled quotes made single; its length. */
    int unescape(int from, int to) {
        scratch = ColumnSink.grown(scratch, to - from);
        int n = 0;
        for (int i = from; i < to; i++) {
            scratch[n++] = bytes[i];
            if (bytes[i] == quote) {
                i++;
            }
        }
        return n;
    }

    byte[] scratch() {
        return scratch;
    }
}
