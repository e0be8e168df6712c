package org.lmlab.table.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.lmlab.table.ColumnSchema;
import org.lmlab.table.ColumnType;
import org.lmlab.table.Table;

/**
 * Moves a column read from an Arrow file into a table's allocator, converting it to a
 * {@link ColumnType} when it is stored otherwise: zero-copy when the type already fits,
 * exact widening (int8/16, uint8/16/32, float16, large utf8, date64, timestamps in s/ms/ns)
 * and dictionary decoding otherwise. A value that cannot convert exactly is an error, never
 * rounded: a nanosecond timestamp with sub-microsecond digits, a uint64 above Long.MAX_VALUE.
 */
public final class ArrowCoercion {

    private ArrowCoercion() {
    }

    /**
     * A vector of a supported type owned by {@code target} holding the values of {@code source};
     * {@code source} is emptied or left for its owner to close.
     *
     * @throws IllegalArgumentException naming the column (and row) that cannot convert
     */
    public static FieldVector coerce(FieldVector source, DictionaryProvider dictionaries, BufferAllocator target) {
        return coerce(source, source.getName(), dictionaries, target);
    }

    /**
     * A table named {@code name} (a child allocator of {@code parent}) holding the columns of
     * {@code batch} after conversion; the batch's buffers move, so it is left empty.
     *
     * @throws IllegalArgumentException naming the column that cannot convert
     */
    public static Table adopt(VectorSchemaRoot batch,
            DictionaryProvider dictionaries, BufferAllocator parent, String name) {
        BufferAllocator tableAllocator = parent.newChildAllocator(name, 0, Long.MAX_VALUE);
        List<FieldVector> vectors = new ArrayList<>();
        try {
            for (FieldVector v : batch.getFieldVectors()) {
                vectors.add(coerce(v, dictionaries, tableAllocator));
            }
            VectorSchemaRoot table = new VectorSchemaRoot(vectors);
            table.setRowCount(batch.getRowCount());
            return Table.adopt(tableAllocator, table);
        } catch (RuntimeException e) {
            vectors.forEach(FieldVector::close);
            tableAllocator.close();
            throw e;
        }
    }

    private static FieldVector coerce(FieldVector source, String name, DictionaryProvider dictionaries,
            BufferAllocator target) {
        Field field = source.getField();
        if (field.getDictionary() != null) {
            Dictionary dictionary = dictionaries.lookup(field.getDictionary().getId());
            if (dictionary == null) {
                throw new IllegalArgumentException("column '" + name + "' refers to dictionary "
                        + field.getDictionary().getId() + ", which the file lacks");
            }
            ValueVector decoded = DictionaryEncoder.decode(source, dictionary, target);
            // The decoded vector carries the dictionary's name; the column keeps its own.
            try (FieldVector values = (FieldVector) decoded) {
                return coerce(values, name, dictionaries, target);
            }
        }
        if (supported(field)) {
            var pair = source.getTransferPair(name, target);
            pair.transfer();
            return (FieldVector) pair.getTo();
        }
        ArrowType type = field.getType();
        int n = source.getValueCount();
        if (type instanceof ArrowType.Int i && i.getBitWidth() <= 16) {
            IntVector out = new IntVector(name, target);
            out.allocateNew(n);
            for (int r = 0; r < n; r++) {
                if (!source.isNull(r)) {
                    out.set(r, smallInt(source, r));
                }
            }
            out.setValueCount(n);
            return out;
        }
        if (type instanceof ArrowType.Int i && !i.getIsSigned()) {
            BigIntVector out = new BigIntVector(name, target);
            out.allocateNew(n);
            try {
                for (int r = 0; r < n; r++) {
                    if (source.isNull(r)) {
                        continue;
                    }
                    if (source instanceof UInt4Vector u) {
                        out.set(r, Integer.toUnsignedLong(u.get(r)));
                    } else {
                        long v = ((UInt8Vector) source).get(r);
                        if (v < 0) {
                            throw new IllegalArgumentException("column '" + name + "' row " + r + " holds "
                                    + Long.toUnsignedString(v) + ", beyond int64");
                        }
                        out.set(r, v);
                    }
                }
            } catch (RuntimeException e) {
                out.close();
                throw e;
            }
            out.setValueCount(n);
            return out;
        }
        if (source instanceof Float2Vector half) {
            Float4Vector out = new Float4Vector(name, target);
            out.allocateNew(n);
            for (int r = 0; r < n; r++) {
                if (!half.isNull(r)) {
                    out.set(r, half.getValueAsFloat(r));
                }
            }
            out.setValueCount(n);
            return out;
        }
        if (source instanceof LargeVarCharVector large) {
            VarCharVector out = new VarCharVector(name, target);
            out.allocateNew(Math.max(1, large.getDataBuffer().readableBytes()), n);
            for (int r = 0; r < n; r++) {
                if (!large.isNull(r)) {
                    out.setSafe(r, large.get(r));
                }
            }
            out.setValueCount(n);
            return out;
        }
        if (source instanceof DateMilliVector millis) {
            DateDayVector out = new DateDayVector(name, target);
            out.allocateNew(n);
            try {
                for (int r = 0; r < n; r++) {
                    if (millis.isNull(r)) {
                        continue;
                    }
                    long ms = millis.get(r);
                    if (ms % 86_400_000L != 0) {
                        throw new IllegalArgumentException("column '" + name + "' row " + r
                                + " is a date64 that is not a whole day (" + ms + " ms)");
                    }
                    out.set(r, Math.toIntExact(ms / 86_400_000L));
                }
            } catch (RuntimeException e) {
                out.close();
                throw e;
            }
            out.setValueCount(n);
            return out;
        }
        if (type instanceof ArrowType.Timestamp ts) {
            return timestampToMicros((TimeStampVector) source, name, ts, target);
        }
        throw new IllegalArgumentException("column '" + name + "' has Arrow type " + type
                + ", which lmlab tables do not hold; supported: " + Arrays.toString(ColumnType.values())
                + " and types that convert to them exactly");
    }

    private static boolean supported(Field field) {
        try {
            ColumnSchema.fromArrowField(field);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int smallInt(FieldVector v, int r) {
        if (v instanceof TinyIntVector t) {
            return t.get(r);
        }
        if (v instanceof SmallIntVector s) {
            return s.get(r);
        }
        if (v instanceof UInt1Vector u) {
            return u.get(r) & 0xff;
        }
        return ((UInt2Vector) v).get(r);
    }

    private static FieldVector timestampToMicros(TimeStampVector source, String name, ArrowType.Timestamp type,
            BufferAllocator target) {
        int n = source.getValueCount();
        TimeStampVector out = type.getTimezone() == null ? new TimeStampMicroVector(name, target)
                : new TimeStampMicroTZVector(name, target, type.getTimezone());
        out.allocateNew(n);
        try {
            for (int r = 0; r < n; r++) {
                if (source.isNull(r)) {
                    continue;
                }
                long v = source.get(r);
                long micros;
                if (type.getUnit() == TimeUnit.NANOSECOND) {
                    if (v % 1000 != 0) {
                        throw new IllegalArgumentException("column '" + name + "' row " + r + " is a nanosecond "
                                + "timestamp with sub-microsecond digits (" + v + " ns); tables hold microseconds. "
                                + "Cast it to timestamp[us] before writing, e.g. in pyarrow: "
                                + "table.cast(...), or pandas: series.dt.floor('us')");
                    }
                    micros = v / 1000;
                } else {
                    try {
                        micros = Math.multiplyExact(v, type.getUnit() == TimeUnit.SECOND ? 1_000_000L : 1000L);
                    } catch (ArithmeticException e) {
                        throw new IllegalArgumentException("column '" + name + "' row " + r + " (" + v + " "
                                + type.getUnit() + ") is beyond the range of microsecond timestamps", e);
                    }
                }
                out.set(r, micros);
            }
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        out.setValueCount(n);
        return out;
    }

}
