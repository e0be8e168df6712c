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
import org.lmlab.table.ColumnType;

/**
 * One column of a CSV chunk being parsed from bytes: values grow in heap arrays laid out as
 * Arrow lays them out (little-endian values, a validity bitmap, UTF-8 with int32 offsets) and
 * are copied into an Arrow vector in one piece at the end.
 *
 * <p>A cell is parsed from its bytes when it has a common spelling, else decoded and handed to
 * {@link TextValues}, the rules the Java reader applies, so the two readers agree on every
 * cell by construction. A cell that is no value of the type makes {@link #appendColumn} false.
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
    private byte[] validity = new byte[16];
    private int rows;

    private ColumnSink(ColumnSchema column) {
        this.column = column;
    }

    /** A sink for {@code column}'s type. */
    static ColumnSink of(ColumnSchema column) {
        return switch (column.type()) {
            case INT32, INT64, DATE, TIMESTAMP -> new Integral(column);
            case FLOAT32, FLOAT64 -> new Floating(column);
            case BOOL -> new Bool(column);
            case UTF8 -> new Utf8Text(column);
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
            // Quoted cells of text columns are text; other quoted cells and unquoted ones that may spell a null are checked.
            boolean check = kind == CsvFields.PLAIN_OR_NULL || kind != CsvFields.PLAIN && !text;
            if (check && fields.isNull(b, from, to)) {
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
            case INT32, INT64, DATE, TIMESTAMP -> ((Integral) this).appendBytes(b, from, to);
            case FLOAT32, FLOAT64 -> ((Floating) this).appendBytes(b, from, to);
            case BOOL -> ((Bool) this).appendBytes(b, from, to);
            case UTF8 -> ((Utf8Text) this).appendBytes(b, from, to);
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

    /** Values of a fixed width, {@code bits} each (1 for bools), packed as Arrow packs them. */
    private abstract static class Fixed extends ColumnSink {
        private final int bits;
        byte[] data;

        Fixed(ColumnSchema column, int bits) {
            super(column);
            this.bits = bits;
            this.data = new byte[16 * bits]; // 128 values; grown to the chunk's size after its first block
        }

        @Override
        final void reserve(int count) {
            super.reserve(count);
            data = grown(data, ((long) count * bits + 7) / 8);
        }

        @Override
        final FieldVector finish(BufferAllocator allocator) {
            BaseFixedWidthVector vector = (BaseFixedWidthVector) column.toArrowField().createVector(allocator);
            try {
                vector.allocateNew(rows());
                vector.getDataBuffer().setBytes(0, data, 0, ((long) rows() * bits + 7) / 8);
                copyValidity(vector);
                vector.setValueCount(rows());
                return vector;
            } catch (RuntimeException e) {
                vector.close();
                throw e;
            }
        }
    }

    /** int32, int64, date (int32 days) and timestamp (int64 microseconds) columns: whole numbers. */
    private static final class Integral extends Fixed {
        private final boolean wide;

        Integral(ColumnSchema column) {
            super(column, column.type() == ColumnType.INT32 || column.type() == ColumnType.DATE ? 32 : 64);
            this.wide = column.type() == ColumnType.INT64 || column.type() == ColumnType.TIMESTAMP;
        }

        @Override
        boolean appendBytes(byte[] b, int from, int to) {
            long v = switch (column.type()) {
                case INT32 -> Decimals.plainInteger(b, from, to, 9);
                case INT64 -> Decimals.plainInteger(b, from, to, 18);
                case DATE -> TextValues.plainEpochDay(b, from, to);
                default -> column.timeZone() == null ? micros(b, from, to) : Long.MIN_VALUE;
            };
            if (v == Long.MIN_VALUE) {
                return false;
            }
            store(v);
            return true;
        }

        /** A zone-less timestamp; one with an offset is an error there, left to the general rule. */
        private static long micros(byte[] b, int from, int to) {
            // fastMicros tries this layout first too, but is too large to inline here; commonMicros is not.
            long micros = TextValues.commonMicros(b, from, to);
            if (micros != Long.MIN_VALUE) {
                return micros;
            }
            try {
                return TextValues.fastMicros(b, from, to, null, false);
            } catch (ArithmeticException e) {
                return Long.MIN_VALUE;
            }
        }

        @Override
        void appendText(String cell) {
            store(switch (column.type()) {
                case INT32 -> TextValues.int32Cell(cell);
                case INT64 -> TextValues.int64Cell(cell);
                case DATE -> TextValues.dateCell(cell);
                default -> TextValues.timestampMicros(cell, column.timeZone());
            });
        }

        private void store(long v) {
            int at = next() * (wide ? 8 : 4);
            if (wide) {
                LONGS.set(data, at, v);
            } else {
                INTS.set(data, at, (int) v);
            }
        }
    }

    /** float32 and float64 columns; a float32 is the float nearest to the parsed double, as the Java reader makes it. */
    private static final class Floating extends Fixed {
        private final boolean wide;

        Floating(ColumnSchema column) {
            super(column, column.type() == ColumnType.FLOAT64 ? 64 : 32);
            this.wide = column.type() == ColumnType.FLOAT64;
        }

        @Override
        boolean appendBytes(byte[] b, int from, int to) {
            double v = Decimals.parse(b, from, to);
            if (Double.isNaN(v)) {
                return false;
            }
            store(v);
            return true;
        }

        @Override
        void appendText(String cell) {
            store(TextValues.float64Cell(cell));
        }

        private void store(double v) {
            int at = next() * (wide ? 8 : 4);
            if (wide) {
                DOUBLES.set(data, at, v);
            } else {
                FLOATS.set(data, at, (float) v);
            }
        }
    }

    private static final class Bool extends Fixed {
        /** The accepted spellings' first four bytes as little-endian ints, true words first. */
        private static final int[] TRUE = heads(TextValues.TRUE_WORDS);
        private static final int[] FALSE = heads(TextValues.FALSE_WORDS);

        Bool(ColumnSchema column) {
            super(column, 1);
        }

        private static int[] heads(List<String> words) {
            return words.stream().mapToInt(w -> (int) INTS.get(w.getBytes(StandardCharsets.US_ASCII), 0)).toArray();
        }

        @Override
        boolean appendBytes(byte[] b, int from, int to) {
            // "true" (4 bytes) or "false" (5: its first four, then 'e' in the case of the rest).
            int length = to - from;
            if (length != 4 && length != 5) {
                return false;
            }
            int head = (int) INTS.get(b, from);
            int[] words = length == 4 ? TRUE : FALSE;
            for (int k = 0; k < words.length; k++) {
                if (head == words[k] && (length == 4 || b[from + 4] == TextValues.FALSE_WORDS.get(k).charAt(4))) {
                    store(length == 4);
                    return true;
                }
            }
            return false;
        }

        @Override
        void appendText(String cell) {
            store(TextValues.parseBool(cell));
        }

        private void store(boolean value) {
            int row = next();
            if (value) {
                data[row >>> 3] |= (byte) (1 << (row & 7));
            }
        }
    }

    /** UTF-8 text: bytes copied as they are once checked well-formed (the Java reader decodes strictly). */
    private static final class Utf8Text extends ColumnSink {
        private byte[] offsets = new byte[4 * 128];
        private byte[] chars = new byte[1024];
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
