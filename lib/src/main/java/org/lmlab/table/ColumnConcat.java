package org.lmlab.table;

import java.util.List;
import java.util.stream.IntStream;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Joins the same column of several tables into one vector, sized once and filled with bulk
 * copies. Why not Arrow's {@code VectorSchemaRootAppender}: it grows the target part by part,
 * reallocating and copying again as it goes, which made joining the 153 record batches of a
 * 10-million-row Feather file take seconds.
 */
final class ColumnConcat {

    private ColumnConcat() {
    }

    /**
     * Every column of {@code batches} (all with {@code fields}) joined into one new vector in
     * {@code target}, in batch order. Columns are independent copies (the allocator is
     * thread-safe), so they are copied in parallel; on failure nothing is left allocated.
     */
    static FieldVector[] concatAll(List<Field> fields, List<VectorSchemaRoot> batches, BufferAllocator target) {
        FieldVector[] copied = new FieldVector[fields.size()];
        try {
            IntStream.range(0, fields.size()).parallel().forEach(c -> copied[c] =
                    concat(fields.get(c), batches.stream().map(b -> b.getVector(c)).toList(), target));
            return copied;
        } catch (RuntimeException e) {
            for (FieldVector v : copied) {
                if (v != null) {
                    v.close();
                }
            }
            throw e;
        }
    }

    /** A new vector of {@code field} in {@code target} holding the values of {@code parts} in order. */
    static FieldVector concat(Field field, List<FieldVector> parts, BufferAllocator target) {
        long total = 0;
        long bytes = 0;
        for (FieldVector part : parts) {
            total += part.getValueCount();
            if (part instanceof BaseVariableWidthVector v && v.getValueCount() > 0) {
                bytes += v.getOffsetBuffer().getInt((long) v.getValueCount() * 4) - v.getOffsetBuffer().getInt(0);
            }
        }
        int rows = Math.toIntExact(total);
        FieldVector out = field.createVector(target);
        try {
            if (out instanceof BaseVariableWidthVector v) {
                v.allocateNew(Math.max(bytes, 1), rows);
                concatVariable(parts, v);
                v.setLastSet(rows - 1);
            } else {
                ((BaseFixedWidthVector) out).allocateNew(rows);
                concatFixed(parts, (BaseFixedWidthVector) out);
            }
            out.setValueCount(rows);
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    private static void concatFixed(List<FieldVector> parts, BaseFixedWidthVector out) {
        boolean bits = out instanceof BitVector;
        int width = bits ? 0 : out.getTypeWidth();
        clear(out.getValidityBuffer());
        if (bits) {
            clear(out.getDataBuffer());
        }
        int at = 0;
        for (FieldVector part : parts) {
            int n = part.getValueCount();
            copyBits(part.getValidityBuffer(), n, out.getValidityBuffer(), at);
            if (bits) {
                copyBits(part.getDataBuffer(), n, out.getDataBuffer(), at);
            } else if (n > 0) {
                out.getDataBuffer().setBytes((long) at * width, part.getDataBuffer(), 0, (long) n * width);
            }
            at += n;
        }
    }

    private static void concatVariable(List<FieldVector> parts, BaseVariableWidthVector out) {
        clear(out.getValidityBuffer());
        ArrowBuf offsets = out.getOffsetBuffer();
        offsets.setInt(0, 0);
        int at = 0;
        int end = 0;
        for (FieldVector part : parts) {
            int n = part.getValueCount();
            if (n == 0) {
                continue;
            }
            ArrowBuf from = part.getOffsetBuffer();
            int first = from.getInt(0);
            int length = from.getInt((long) n * 4) - first;
            copyBits(part.getValidityBuffer(), n, out.getValidityBuffer(), at);
            out.getDataBuffer().setBytes(end, part.getDataBuffer(), first, length);
            // Offsets are rebased: each part's start moves to where its bytes now begin.
            int shift = end - first;
            for (int i = 1; i <= n; i++) {
                offsets.setInt((long) (at + i) * 4, from.getInt((long) i * 4) + shift);
            }
            at += n;
            end += length;
        }
    }

    /** Bits {@code [0, n)} of {@code src} into {@code dst} from bit {@code at}; {@code dst} starts zeroed. */
    private static void copyBits(ArrowBuf src, int n, ArrowBuf dst, int at) {
        int i = 0;
        if (at % 8 == 0) {
            int whole = n / 8;
            dst.setBytes(at / 8, src, 0, whole);
            i = whole * 8;
        }
        for (; i < n; i++) {
            if ((src.getByte(i >> 3) >> (i & 7) & 1) != 0) {
                int bit = at + i;
                dst.setByte(bit >> 3, dst.getByte(bit >> 3) | 1 << (bit & 7));
            }
        }
    }

    private static void clear(ArrowBuf buffer) {
        buffer.setZero(0, buffer.capacity());
    }
}
