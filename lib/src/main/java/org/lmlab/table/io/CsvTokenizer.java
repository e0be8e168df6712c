package org.lmlab.table.io;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text into records (RFC 4180): fields separated by a delimiter, optionally quoted,
 * a doubled quote inside quotes for a literal quote, line breaks inside quotes kept. Accepts
 * LF, CRLF and CR line ends, skips empty lines and a leading byte-order mark, and counts
 * physical lines so errors can name the line where a record starts.
 */
final class CsvTokenizer {

    /** One record: its fields, which of them were quoted, and the line it starts on. */
    static final class Record {
        final List<String> fields = new ArrayList<>();
        final List<Boolean> quoted = new ArrayList<>();
        long line;

        int size() {
            return fields.size();
        }
    }

    /** A quote left open at the end of the input. */
    static final class UnterminatedQuote extends IOException {
        private static final long serialVersionUID = 1L;
        final long line;

        UnterminatedQuote(long line) {
            super("a quoted field opened on this line is never closed");
            this.line = line;
        }
    }

    private static final int EOF = -1;

    private final Reader in;
    private final char delimiter;
    private final char quote;
    private final char[] buffer = new char[1 << 16];
    private final StringBuilder field = new StringBuilder();
    private int position;
    private int limit;
    private long line = 1;
    private boolean started;

    CsvTokenizer(Reader in, char delimiter, char quote) {
        this.in = in;
        this.delimiter = delimiter;
        this.quote = quote;
    }

    /** The physical line being read (1-based), for errors raised by the reader itself. */
    long line() {
        return line;
    }

    /** Reads the next non-empty record into {@code record}; false at the end of the input. */
    boolean next(Record record) throws IOException {
        record.fields.clear();
        record.quoted.clear();
        while (true) {
            int c = peek();
            if (c == EOF) {
                return false;
            }
            if (!started) {
                started = true;
                if (c == '\uFEFF') {
                    position++;
                    continue;
                }
            }
            if (c != '\n' && c != '\r') {
                break;
            }
            position++;
            endOfLine(c);
        }
        record.line = line;
        while (true) {
            if (peek() == quote) {
                position++;
                field.setLength(0);
                readQuoted(record.line);
                // Text after a closing quote is kept, as most readers do, rather than rejected.
                for (int c = peek(); c != EOF && c != delimiter && c != '\n' && c != '\r'; c = peek()) {
                    field.append((char) read());
                }
                record.fields.add(field.toString());
                record.quoted.add(true);
            } else {
                record.fields.add(unquoted());
                record.quoted.add(false);
            }
            int terminator = read();
            if (terminator == '\n' || terminator == '\r') {
                endOfLine(terminator);
                return true;
            }
            if (terminator == EOF) {
                return true;
            }
        }
    }

    /** An unquoted field, cut straight from the buffer unless it straddles a refill. */
    private String unquoted() throws IOException {
        int start = position;
        while (position < limit) {
            char ch = buffer[position];
            if (ch == delimiter || ch == '\n' || ch == '\r') {
                return new String(buffer, start, position - start);
            }
            position++;
        }
        field.setLength(0);
        field.append(buffer, start, position - start);
        for (int c = peek(); c != EOF && c != delimiter && c != '\n' && c != '\r'; c = peek()) {
            field.append((char) read());
        }
        return field.toString();
    }

    private void readQuoted(long startLine) throws IOException {
        while (true) {
            int c = read();
            if (c == EOF) {
                throw new UnterminatedQuote(startLine);
            }
            if (c == quote) {
                if (peek() == quote) {
                    read();
                    field.append(quote);
                } else {
                    return;
                }
            } else {
                if (c == '\n' || (c == '\r' && peek() != '\n')) {
                    line++;
                }
                field.append((char) c);
            }
        }
    }

    /** Consumes the rest of a line end that starts with {@code c}. */
    private void endOfLine(int c) throws IOException {
        if (c == '\r' && peek() == '\n') {
            read();
        }
        line++;
    }

    private int read() throws IOException {
        if (position == limit && !fill()) {
            return EOF;
        }
        return buffer[position++];
    }

    private int peek() throws IOException {
        if (position == limit && !fill()) {
            return EOF;
        }
        return buffer[position];
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }
}
