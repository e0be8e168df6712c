package org.lmlab.table.io;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.ForeignAllocation;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * A read-only memory map of part of a file, handed to Arrow as a buffer: vectors loaded from it
 * read the file's pages in place (the OS pages them in on first access) instead of copying the
 * file into fresh memory. The map is released when the last buffer sliced from it is, i.e. when
 * the last table using it closes.
 *
 * <p>A file mapped here must not be truncated or rewritten in place while tables use it (lmlab's
 * writers never do: they write a sibling and rename it over the old name).
 */
final class MappedRegion extends ForeignAllocation {

    private static final Method INVOKE_CLEANER;
    private static final Object UNSAFE;

    static {
        Method cleaner = null;
        Object unsafe = null;
        try {
            Class<?> type = Class.forName("sun.misc.Unsafe");
            Field field = type.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            unsafe = field.get(null);
            cleaner = type.getMethod("invokeCleaner", ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Without it a released map is unmapped by the garbage collector instead, later.
        }
        INVOKE_CLEANER = cleaner;
        UNSAFE = unsafe;
    }

    private MappedByteBuffer map;

    private MappedRegion(MappedByteBuffer map) {
        super(map.capacity(), MemoryUtil.getByteBufferAddress(map));
        this.map = map;
    }

    /** Bytes {@code [offset, offset + length)} of {@code channel} as a buffer accounted to {@code allocator}. */
    static ArrowBuf map(FileChannel channel, long offset, long length, BufferAllocator allocator) throws IOException {
        if (length == 0) {
            return allocator.getEmpty();
        }
        return allocator.wrapForeignAllocation(new MappedRegion(channel.map(FileChannel.MapMode.READ_ONLY, offset,
                length)));
    }

    @Override
    protected void release0() {
        MappedByteBuffer released = map;
        map = null;
        if (INVOKE_CLEANER != null && released != null) {
            try {
                INVOKE_CLEANER.invoke(UNSAFE, released);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // Left to the garbage collector.
            }
        }
    }
}
