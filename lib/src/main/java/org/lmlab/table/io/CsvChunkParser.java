package org.lmlab.table.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Parses the records in a range of CSV bytes into {@link ColumnSink}s, by the Java reader's rules
 * ({@link CsvTokenizer}, {@link CsvBatchReader}): empty lines skipped, LF/CRLF/CR line ends,
 * quoted fields with doubled quotes, an unquoted null spelling is null, a quoted cell of a
 * text column is always text.
 *
 * <p>Blocks of records are first cut into fields (eight bytes at a time, looking for the bytes
 * that end or quote a field), then parsed a column at a time: each loop then sees one type.
 *
 * <p>It handles only regularly quoted files: a quote inside an unquoted field or text after a
 * closing quote, a record of the wrong width, an unterminated quote, a cell that is no value of
 * its type, or a record running past the range all make {@link #parse} false, and the caller
 * leaves the file to the Java reader, which reads it as it always does or names the line at
 * fault. Regular quoting is also what lets a file be cut into ranges by quote parity.
 */
final class CsvChunkParser {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    /** Fields per block: 1,024 records of up to 64 columns, fewer records of wider ones (at least 16). */
    private static final int BLOCK_FIELDS = 1 << 16;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LINE_FEEDS = '\n' * ONES;
    private static final long RETURNS = '\r' * ONES;

    private final byte delimiter;
    private final byte quote;
    private final long delimiters;
    private final long quotes;
    /**
     * (highest special byte + 1) in every byte when that is below '0' (comma, tab, semicolon-free
     * options), so that digits, letters and UTF-8 never look special; else 0.
     */
    private final long below;
    private final ColumnSink[] sinks;
    private final int blockRows;
    private final CsvFields fields;
    /** Where the last {@link #cut} stopped. */
    private int resume;

    CsvChunkParser(CsvOptions options, ColumnSink[] sinks) {
        this.delimiter = (byte) options.delimiter();
        this.quote = (byte) options.quote();
        this.delimiters = (delimiter & 0xffL) * ONES;
        this.quotes = (quote & 0xffL) * ONES;
        int highest = Math.max(Math.max(delimiter & 0xff, quote & 0xff), '\r');
        this.below = highest < '0' ? (highest + 1L) * ONES : 0;
        this.sinks = sinks;
        this.blockRows = Math.max(16, Math.min(1024, BLOCK_FIELDS / Math.max(1, sinks.length)));
        this.fields = new CsvFields(sinks.length, quote, options.nullValues(), blockRows);
    }

    /**
     * Parses every record starting in {@code b[from, to)}; each must end (line end included) by
     * {@code to}, or at {@code to} itself when {@code endOfFile}. False if a record is anything
     * but regular and well-formed for the schema (the sinks then hold a partial result).
     */
    boolean parse(byte[] b, int from, int to, boolean endOfFile) {
        int pos = from;
        while (true) {
            fields.reset(b);
            if (!cut(b, pos, to, endOfFile)) {
                return false;
            }
            for (int c = 0; c < sinks.length; c++) {
                if (!sinks[c].appendColumn(fields, c)) {
                    return false;
                }
            }
            if (fields.rows() < blockRows) {
                return true;
            }
            if (pos == from) {
                // After the first block, size the columns for the whole range at its record length.
                long expected = (long) blockRows * (to - from) / Math.max(1, resume - from) * 21 / 20 + 16;
                for (ColumnSink sink : sinks) {
                    sink.presize((int) Math.min(expected, Integer.MAX_VALUE / 16));
                }
            }
            pos = resume;
        }
    }

    /** Finds the fields of up to {@link #blockRows} records from {@code pos}; false if irregular. */
    private boolean cut(byte[] b, int pos, int to, boolean endOfFile) {
        int columns = sinks.length;
        int rows = 0;
        while (rows < blockRows && pos < to) {
            byte first = b[pos];
            if (first == '\n' || first == '\r') {
                pos++;
                continue;
            }
            int slot = rows * columns;
            for (int c = 0; ; c++) {
                if (c == columns) {
                    return false; // more fields than columns
                }
                if (pos < to && b[pos] == quote) {
                    pos = quotedField(b, pos, to, slot + c);
                    if (pos < 0) {
                        return false; // unterminated, or the range was cut inside the field
                    }
                } else {
                    int end = fieldEnd(b, pos, to);
                    if (end < to && b[end] == quote) {
                        return false;
                    }
                    fields.set(slot + c, pos, end,
                            fields.mayBeNull(b, pos, end) ? CsvFields.PLAIN_OR_NULL : CsvFields.PLAIN);
                    pos = end;
                }
                if (pos >= to) {
                    if (!endOfFile || c != columns - 1) {
                        return false;
                    }
                    break;
                }
                byte terminator = b[pos];
                if (terminator == delimiter) {
                    pos++;
                    continue;
                }
                if ((terminator != '\n' && terminator != '\r') || c != columns - 1) {
                    return false; // text after a closing quote, or too few fields
                }
                pos++;
                if (terminator == '\r' && pos < to && b[pos] == '\n') {
                    pos++;
                }
                break;
            }
            rows++;
        }
        fields.rows(rows);
        resume = pos;
        return true;
    }

    /**
     * Records the quoted field opening at {@code pos} as field {@code i}; returns the offset after
     * its closing quote, or -1 if it does not close before {@code to}.
     */
    private int quotedField(byte[] b, int pos, int to, int i) {
        byte kind = CsvFields.QUOTED;
        int q = pos + 1;
        while (true) {
            q = indexOfQuote(b, q, to);
            if (q >= to) {
                return -1;
            }
            if (q + 1 < to && b[q + 1] == quote) {
                kind = CsvFields.ESCAPED;
                q += 2;
                continue;
            }
            fields.set(i, pos + 1, q, kind);
            return q + 1;
        }
    }

    /** The first delimiter, line end or quote at or after {@code pos}, or {@code to}. */
    private int fieldEnd(byte[] b, int pos, int to) {
        int i = pos;
        while (i + 8 <= to) {
            long w = (long) LONGS.get(b, i);
            if (below != 0) {
                // One test for every byte below the highest special one: the first such byte is exact
                // (later flags may be borrows); if it is not special (a space), look again after it.
                long hits = (w - below) & ~w & HIGHS;
                if (hits == 0) {
                    i += 8;
                    continue;
                }
                int k = i + (Long.numberOfTrailingZeros(hits) >>> 3);
                if (isSpecial(b[k])) {
                    return k;
                }
                i = k + 1;
            } else {
                long hits = zeroBytes(w ^ delimiters) | zeroBytes(w ^ LINE_FEEDS) | zeroBytes(w ^ RETURNS)
                        | zeroBytes(w ^ quotes);
                if (hits != 0) {
                    return i + (Long.numberOfTrailingZeros(hits) >>> 3);
                }
                i += 8;
            }
        }
        for (; i < to; i++) {
            if (isSpecial(b[i])) {
                return i;
            }
        }
        return to;
    }

    private boolean isSpecial(byte x) {
        return x == delimiter || x == '\n' || x == '\r' || x == quote;
    }

    /** The first quote at or after {@code pos}, or {@code to}. */
    private int indexOfQuote(byte[] b, int pos, int to) {
        int i = pos;
        for (; i + 8 <= to; i += 8) {
            long hits = zeroBytes((long) LONGS.get(b, i) ^ quotes);
            if (hits != 0) {
                return i + (Long.numberOfTrailingZeros(hits) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == quote) {
                return i;
            }
        }
        return to;
    }

    /**
     * The high bit of each zero byte of {@code x}, and possibly of bytes above the lowest zero byte
     * (a borrow), never below it: exact for finding the first one.
     */
    private static long zeroBytes(long x) {
        return (x - ONES) & ~x & HIGHS;
    }

    /**
     * The offset just past the record starting at {@code from} (its line end included), after
     * any empty lines before it; -1 if it is irregular or does not end by {@code to} (nor at
     * {@code to} with {@code endOfFile}). Used to step over the header.
     */
    static int recordEnd(byte[] b, int from, int to, boolean endOfFile, byte delimiter, byte quote) {
        int pos = from;
        while (pos < to && (b[pos] == '\n' || b[pos] == '\r')) {
            pos++;
        }
        boolean inQuotes = false;
        boolean fieldStart = true;
        for (; pos < to; pos++) {
            byte x = b[pos];
            if (inQuotes) {
                if (x == quote) {
                    if (pos + 1 < to && b[pos + 1] == quote) {
                        pos++;
                    } else {
                        inQuotes = false;
                        if (pos + 1 < to && b[pos + 1] != delimiter && b[pos + 1] != '\n' && b[pos + 1] != '\r') {
                            return -1;
                        }
                    }
                }
            } else if (x == quote) {
                if (!fieldStart) {
                    return -1;
                }
                inQuotes = true;
            } else if (x == '\n' || x == '\r') {
                return x == '\r' && pos + 1 < to && b[pos + 1] == '\n' ? pos + 2 : pos + 1;
            } else {
                fieldStart = x == delimiter;
                continue;
            }
            fieldStart = false;
        }
        return endOfFile && !inQuotes ? to : -1;
    }
}
