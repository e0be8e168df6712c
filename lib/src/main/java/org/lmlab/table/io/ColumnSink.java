package org.lmlab.table.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.lmlab.table.ColumnSchema;

/**
 * One column of a CSV chunk being parsed from bytes: values grow in heap arrays laid out as
 * Arrow lays them out (little-endian values, a validity bitmap, UTF-8 with int32 offsets) and
 * are copied into an Arrow vector in one piece at the end.
 *
 * <p>A cell is parsed from its bytes when it has a common spelling, else decoded and handed to
 * {@link TextValues}, the rules the Java reader applies, so the two readers agree on every
 * cell by construction. A cell that is no value of the type makes {@link #append} false.
 */
abstract class ColumnSink {

    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOATS = MethodHandles.byteArrayViewVarHandle(float[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLES = MethodHandles.byteArrayViewVarHandle(double[].class,
            ByteOrder.LITTLE_ENDIAN);

    final ColumnSchema column;
    private byte[] validity = new byte[128];
    private int rows;

    private ColumnSink(ColumnSchema column) {
        this.column = column;
    }

    /** A sink for {@code column}'s type. */
    static ColumnSink of(ColumnSchema column) {
        return switch (column.type()) {
            case INT32 -> new Int32(column);
            case INT64 -> new Int64(column);
            case FLOAT32 -> new Float32(column);
            case FLOAT64 -> new Float64(column);
            case BOOL -> new Bool(column);
            case UTF8 -> new Utf8Text(column);
            case DATE -> new Date(column);
            case TIMESTAMP -> new Timestamp(column);
        };
    }

    int rows() {
        return rows;
    }

    /**
     * Appends column {@code column}'s cells of the records in {@code fields}: an unquoted null
     * spelling (any null spelling, outside text columns) is null, a quoted cell of a text column is
     * text, every other cell is parsed. False as soon as a cell is no value of this type.
     */
    final boolean appendColumn(CsvFields fields, int column) {
        reserve(rows + fields.rows());
        boolean text = this instanceof Utf8Text;
        for (int r = 0, i = column; r < fields.rows(); r++, i += fields.columns()) {
            byte[] b = fields.bytes();
            int from = fields.start(i);
            int to = fields.end(i);
            byte kind = fields.kind(i);
            if (kind == CsvFields.ESCAPED) {
                to = fields.unescape(from, to);
                b = fields.scratch();
                from = 0;
            }
            if ((kind == CsvFields.PLAIN || !text) && fields.isNull(b, from, to)) {
                appendNull();
                continue;
            }
            if (!appendFast(b, from, to) && !appendDecoded(b, from, to)) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@link #appendBytes} through a switch rather than a virtual call: the loop above serves every
     * column type, and a call site that sees them all would not be inlined.
     */
    private boolean appendFast(byte[] b, int from, int to) {
        return switch (column.type()) {
            case INT32 -> ((Int32) this).appendBytes(b, from, to);
            case INT64 -> ((Int64) this).appendBytes(b, from, to);
            case FLOAT32 -> ((Float32) this).appendBytes(b, from, to);
            case FLOAT64 -> ((Float64) this).appendBytes(b, from, to);
            case BOOL -> ((Bool) this).appendBytes(b, from, to);
            case UTF8 -> ((Utf8Text) this).appendBytes(b, from, to);
            case DATE -> ((Date) this).appendBytes(b, from, to);
            case TIMESTAMP -> ((Timestamp) this).appendBytes(b, from, to);
        };
    }

    /** Decodes the cell and parses it by {@link TextValues}' rules; false if it is not UTF-8 or no value. */
    private boolean appendDecoded(byte[] b, int from, int to) {
        String decoded = Utf8.decode(b, from, to);
        if (decoded == null) {
            return false;
        }
        try {
            appendText(decoded);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void appendNull() {
        rows++;
    }

    /** Parses a common spelling straight from the bytes; false (nothing appended) for any other. */
    abstract boolean appendBytes(byte[] b, int from, int to);

    /** Parses any spelling by the Java reader's rules; throws if it is no value of this type. */
    abstract void appendText(String cell);

    /** Makes room for {@code count} rows (values and validity). */
    void reserve(int count) {
        validity = grown(validity, (count + 7L) / 8);
    }

    /** Sizes the arrays for about {@code expected} rows, guessed from those so far, so they rarely grow again. */
    void presize(int expected) {
        reserve(expected);
    }

    /** The column as an Arrow vector from {@code allocator}; the sink is spent afterwards. */
    abstract FieldVector finish(BufferAllocator allocator);

    /** Marks the next row valid and returns its index (room was made by {@link #reserve}). */
    final int next() {
        validity[rows >>> 3] |= (byte) (1 << (rows & 7));
        return rows++;
    }

    final void copyValidity(FieldVector vector) {
        vector.getValidityBuffer().setBytes(0, validity, 0, (rows + 7) / 8);
    }

    static byte[] grown(byte[] array, long needed) {
        if (needed <= array.length) {
            return array;
        }
        if (needed > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("a CSV chunk column over 2 GiB");
        }
        return Arrays.copyOf(array, (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 16, array.length * 2L)));
    }

    /**
     * Values of a fixed width in bytes. {@link #slot} gives the byte offset of a new valid row and
     * may replace {@link #data}: call it before reading the field.
     */
    private abstract static class Fixed extends ColumnSink {
        private final int width;
        byte[] data;

        Fixed(ColumnSchema column, int width) {
            super(column);
            this.width = width;
            this.data = new byte[1024 * width];
        }

        final int slot() {
            return next() * width;
        }

        @Override
        final void reserve(int count) {
            super.reserve(count);
            data = grown(data, (long) count * width);
        }

        @Override
        final FieldVector finish(BufferAllocator allocator) {
            BaseFixedWidthVector vector = (BaseFixedWidthVector) column.toArrowField().createVector(allocator);
            try {
                vector.allocateNew(rows());
                vector.getDataBuffer().setBytes(0, data, 0, (long) rows() * width);
                copyValidity(vector);
                vector.setValueCount(rows());
                return vector;
            } catch (RuntimeException e) {
                vector.close();
                throw e;
            }
        }
    }

    private static final class Int32 extends Fixed {
        Int32(ColumnSchema column) {
            super(column, 4);
        }

        @Override
        boolean appendBytes(byte[] b, int from, int to) {
            long v = plainInteger(b, from, to, 9);
            if (v == Long.MIN_VALUE) {
                return false;
            }
            int at = slot();
            INTS.set(data, at, (int) v);
            return true;
        }

        @Override
        void appendText(String cell) {
            int v = TextValues.int32Cell(cell);
            int at = slot();
            INTS.set(data, at, v);
        }
    }

    private static final class Int64 extends Fixed {
        Int64(ColumnSchema column) {
            super(column, 8);
        }

        @Override
        boolean appendBytes(byte[] b, int from, int to) {
            long v = plainInteger(b, from, to, 18);
            if (v == Long.MIN_VALUE) {
                return false;
            }
            int at = slot();
            LONGS.set(data, at, v);
            return true;
        }

        @Override
        void appendText(String cell) {
            long v = TextValues.int64Cell(cell);
            int at = slot();
            LONGS.set(data, at, v);
        }
    }

    /** {@code [+-]?\d{1,maxDigits}} as a number, else Long.MIN_VALUE; at most 18 digits cannot overflow. */
    static long plainInteger(byte[] b, int from, int to, int maxDigits) {
        int i = from;
        boolean negative = false;
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            negative = b[i] == '-';
            i++;
        }
        if (i == to || to - i > maxDigits) {
            return Long.MIN_VALUE;
        }
        long v = 0;
        for (; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return Long.MIN_VALUE;
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }

    private static final class Float64 extends Fixed {
        Float64(ColumnSchema column) {
            super(column, 8);
        }

        @Override
        boolean appendBytes(byte[] b, int from, int to) {
            double v = Decimals.parse(b, from, to);
            if (Double.isNaN(v)) {
                return false;
            }
            int at = slot();
            DOUBLES.set(data, at, v);
            return true;
        }

        @Override
        void appendText(String cell) {
            double v = TextValues.float64Cell(cell);
            int at = slot();
            DOUBLES.set(data, at, v);
        }
    }

    private static final class Float32 extends Fixed {
        Float32(ColumnSchema column) {
            super(column, 4);
        }

        @Override
        boolean appendBytes(byte[] b, int from, int to) {
            double v = Decimals.parse(b, from, to);
            if (Double.isNaN(v)) {
                return false;
            }
            int at = slot();
            FLOATS.set(data, at, (float) v);
            return true;
        }

        @Override
        void appendText(String cell) {
            float v = (float) TextValues.float64Cell(cell);
            int at = slot();
            FLOATS.set(data, at, v);
        }
    }

    private static final class Date extends Fixed {
        Date(ColumnSchema column) {
            super(column, 4);
        }

        @Override
        boolean appendBytes(byte[] b, int from, int to) {
            long day = TextValues.plainEpochDay(b, from, to);
            if (day == Long.MIN_VALUE) {
                return false;
            }
            int at = slot();
            INTS.set(data, at, (int) day);
            return true;
        }

        @Override
        void appendText(String cell) {
            int day = TextValues.dateCell(cell);
            int at = slot();
            INTS.set(data, at, day);
        }
    }

    private static final class Timestamp extends Fixed {
        Timestamp(ColumnSchema column) {
            super(column, 8);
        }

        @Override
        boolean appendBytes(byte[] b, int from, int to) {
            if (column.timeZone() != null) {
                return false;
            }
            // Without a zone, a value with an offset is an error: offsets are left to the general rule.
            long micros = TextValues.commonMicros(b, from, to);
            if (micros == Long.MIN_VALUE) {
                try {
                    micros = TextValues.fastMicros(b, from, to, null, false);
                } catch (ArithmeticException e) {
                    return false;
                }
            }
            if (micros == Long.MIN_VALUE) {
                return false;
            }
            int at = slot();
            LONGS.set(data, at, micros);
            return true;
        }

        @Override
        void appendText(String cell) {
            long micros = TextValues.timestampMicros(cell, column.timeZone());
            int at = slot();
            LONGS.set(data, at, micros);
        }
    }

    private static final class Bool extends ColumnSink {
        private static final List<byte[]> TRUE = ascii(TextValues.TRUE_WORDS);
        private static final List<byte[]> FALSE = ascii(TextValues.FALSE_WORDS);
        private byte[] bits = new byte[128];

        Bool(ColumnSchema column) {
            super(column);
        }

        private static List<byte[]> ascii(List<String> words) {
            return words.stream().map(w -> w.getBytes(StandardCharsets.US_ASCII)).toList();
        }

        private static boolean spells(List<byte[]> words, byte[] b, int from, int to) {
            for (byte[] w : words) {
                if (Arrays.equals(b, from, to, w, 0, w.length)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        boolean appendBytes(byte[] b, int from, int to) {
            int length = to - from;
            if (length != 4 && length != 5) {
                return false;
            }
            if (spells(TRUE, b, from, to)) {
                set(next());
                return true;
            }
            if (spells(FALSE, b, from, to)) {
                next();
                return true;
            }
            return false;
        }

        @Override
        void appendText(String cell) {
            boolean v = TextValues.parseBool(cell);
            int row = next();
            if (v) {
                set(row);
            }
        }

        private void set(int row) {
            bits[row >>> 3] |= (byte) (1 << (row & 7));
        }

        @Override
        void reserve(int count) {
            super.reserve(count);
            bits = grown(bits, (count + 7L) / 8);
        }

        @Override
        FieldVector finish(BufferAllocator allocator) {
            BaseFixedWidthVector vector = (BaseFixedWidthVector) column.toArrowField().createVector(allocator);
            try {
                vector.allocateNew(rows());
                vector.getDataBuffer().setBytes(0, bits, 0, (rows() + 7) / 8);
                copyValidity(vector);
                vector.setValueCount(rows());
                return vector;
            } catch (RuntimeException e) {
                vector.close();
                throw e;
            }
        }
    }

    /** UTF-8 text: bytes copied as they are once checked well-formed (the Java reader decodes strictly). */
    private static final class Utf8Text extends ColumnSink {
        private byte[] offsets = new byte[4 * 1024];
        private byte[] chars = new byte[16 * 1024];
        private int used;
        /** Offsets are written up to row {@code filled}; {@code previous} is the last one written. */
        private int filled;
        private int previous;

        Utf8Text(ColumnSchema column) {
            super(column);
        }

        @Override
        boolean appendBytes(byte[] b, int from, int to) {
            if (!Utf8.valid(b, from, to)) {
                return false;
            }
            int row = next();
            int length = to - from;
            chars = grown(chars, (long) used + length);
            System.arraycopy(b, from, chars, used, length);
            used += length;
            // Offsets of the rows up to this one: null rows before it repeat the previous offset.
            for (int k = filled + 1; k <= row + 1; k++) {
                INTS.set(offsets, 4 * k, k == row + 1 ? used : previous);
            }
            filled = row + 1;
            previous = used;
            return true;
        }

        @Override
        void appendText(String cell) {
            // Reached only for bytes appendBytes refused, which are not UTF-8: refuse them too.
            throw new IllegalArgumentException("not UTF-8");
        }

        @Override
        void reserve(int count) {
            super.reserve(count);
            offsets = grown(offsets, 4L * (count + 1));
        }

        @Override
        void presize(int expected) {
            super.presize(expected);
            if (rows() > 0) {
                chars = grown(chars, Math.min(Integer.MAX_VALUE - 16L, (long) used * expected / rows()));
            }
        }

        @Override
        FieldVector finish(BufferAllocator allocator) {
            VarCharVector vector = (VarCharVector) column.toArrowField().createVector(allocator);
            try {
                for (int k = filled + 1; k <= rows(); k++) {
                    INTS.set(offsets, 4 * k, used);
                }
                vector.allocateNew(Math.max(used, 1), rows());
                vector.getOffsetBuffer().setBytes(0, offsets, 0, 4L * (rows() + 1));
                vector.getDataBuffer().setBytes(0, chars, 0, used);
                copyValidity(vector);
                vector.setLastSet(rows() - 1);
                vector.setValueCount(rows());
                return vector;
            } catch (RuntimeException e) {
                vector.close();
                throw e;
            }
        }
    }
}
