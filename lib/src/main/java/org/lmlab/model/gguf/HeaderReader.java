package org.lmlab.model.gguf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Sequential little-endian reader over the mapped head of a GGUF file. Every read checks the file
 * size first, so a truncated file fails with the file name and the byte offset where data ran out
 * instead of a bare {@link java.nio.BufferUnderflowException}.
 */
final class HeaderReader {

    private final Path file;
    private final ByteBuffer buffer;
    private final long fileSize;

    HeaderReader(Path file, ByteBuffer head, long fileSize) {
        this.file = file;
        this.buffer = head.order(ByteOrder.LITTLE_ENDIAN);
        this.fileSize = fileSize;
    }

    long position() {
        return buffer.position();
    }

    private void need(long bytes, String what) {
        long pos = buffer.position();
        if (pos + bytes > fileSize) {
            throw new GgufException(String.format("%s is truncated: %s needs %d bytes at byte offset %d, but the"
                    + " file ends at %d", file, what, bytes, pos, fileSize));
        }
        if (pos + bytes > buffer.limit()) {
            throw new GgufException(file + ": GGUF header larger than " + buffer.limit() + " bytes (at " + what + ")");
        }
    }

    int u8(String what) {
        need(1, what);
        return buffer.get() & 0xff;
    }

    int u16(String what) {
        need(2, what);
        return buffer.getShort() & 0xffff;
    }

    int i32(String what) {
        need(4, what);
        return buffer.getInt();
    }

    long u32(String what) {
        return i32(what) & 0xffffffffL;
    }

    long i64(String what) {
        need(8, what);
        return buffer.getLong();
    }

    /** A u64 count or size; values past {@link Long#MAX_VALUE} cannot describe a real file. */
    long count(String what) {
        long pos = buffer.position();
        long n = i64(what);
        if (n < 0) {
            throw new GgufException(String.format("%s: %s at byte offset %d is %s, larger than any file",
                    file, what, pos, Long.toUnsignedString(n)));
        }
        return n;
    }

    String string(String what) {
        long length = count("length of " + what);
        need(length, what);
        byte[] bytes = new byte[(int) length];
        buffer.get(bytes);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            // Token texts of some vocabularies hold partial UTF-8; keep them readable rather than fail.
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** One metadata value of {@code type} as a Java object (see {@link GgufFile#metadata()}). */
    Object value(GgufValueType type, String what) {
        switch (type) {
            case UINT8: return u8(what);
            case INT8: need(1, what); return (int) buffer.get();
            case UINT16: return u16(what);
            case INT16: need(2, what); return (int) buffer.getShort();
            case UINT32: return u32(what);
            case INT32: return i32(what);
            case FLOAT32: need(4, what); return buffer.getFloat();
            case BOOL: return u8(what) != 0;
            case STRING: return string(what);
            case UINT64, INT64: return i64(what);
            case FLOAT64: need(8, what); return buffer.getDouble();
            case ARRAY: return array(what);
            default: throw new AssertionError(type);
        }
    }

    private List<Object> array(String what) {
        GgufValueType elementType = valueType("element type of " + what);
        long n = count("length of " + what);
        // Each element takes at least one byte: reject absurd counts before allocating.
        need(n, what);
        List<Object> values = new ArrayList<>((int) Math.min(n, Integer.MAX_VALUE - 8));
        for (long i = 0; i < n; i++) {
            values.add(value(elementType, what + "[" + i + "]"));
        }
        return values;
    }

    GgufValueType valueType(String what) {
        long pos = buffer.position();
        long id = u32(what);
        GgufValueType type = GgufValueType.byId(id);
        if (type == null) {
            throw new GgufException(String.format("%s: unknown metadata value type %d for %s at byte offset %d",
                    file, id, what, pos));
        }
        return type;
    }
}
