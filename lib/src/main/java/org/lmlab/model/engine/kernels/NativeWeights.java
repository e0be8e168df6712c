package org.lmlab.model.engine.kernels;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * One {@code [out, in]} weight matrix (F32 or IEEE F16) in memory the native library owns
 * (pages of its own from {@code mmap}, outside the Java heap and its direct-memory limit), freed by
 * {@link #close()}. {@link #multiply} computes {@code y[r, o] = sum_i x[r, i] * W[o, i]} for 1 to
 * {@link #MAX_ROWS} rows, reading each weight row once for all of them.
 *
 * <p>A row's result does not depend on how many rows share the call (each output and row is one
 * accumulation in a fixed order), so a sequence's numbers do not depend on its batch. Not safe for
 * use after close: callers own the lifetime (one decoder, one set of weights).
 */
public final class NativeWeights implements AutoCloseable {

    /** The most rows one call takes. */
    public static final int MAX_ROWS = 16;

    /** How the activations and results are rounded for F16 weights. */
    public enum Rounding {
        /** x and y stay F32: only the weights are F16. */
        NONE(0),
        /** x rounded to F16 before the product, as llama.cpp's F16 products do. */
        X(1),
        /** x rounded to F16 before and y after it, as a PyTorch F16 matmul returns F16. */
        X_AND_Y(3);

        final int flags;

        Rounding(int flags) {
            this.flags = flags;
        }
    }

    /** Weight element types, in the library's numbering. */
    public enum Type {
        F32(4),
        F16(2);

        final int bytes;

        Type(int bytes) {
            this.bytes = bytes;
        }
    }

    private final Type type;
    private final int out;
    private final int in;
    private final Isa isa;
    private long address;

    private NativeWeights(Type type, int out, int in, Isa isa) {
        NativeProducts.requireAvailable();
        if (out < 1 || in < 1) {
            throw new IllegalArgumentException("a weight matrix needs out >= 1 and in >= 1, got [" + out + ", " + in + "]");
        }
        if (isa.ordinal() > NativeProducts.bestIsa().ordinal()) {
            throw new IllegalArgumentException("this CPU lacks " + isa + " (best: " + NativeProducts.bestIsa() + ")");
        }
        this.type = type;
        this.out = out;
        this.in = in;
        this.isa = isa;
        this.address = allocate(bytes());
        LIVE.addAndGet(bytes());
    }

    /** Bytes of every open matrix in this JVM. */
    private static final AtomicLong LIVE = new AtomicLong();

    /** Native bytes held by the matrices not yet closed, in this JVM (what a leak would leave behind). */
    public static long liveBytes() {
        return LIVE.get();
    }

    private long allocate(long bytes) {
        long a = NativeProducts.allocate(bytes);
        if (a == 0) {
            throw new OutOfMemoryError("native memory for a [" + out + ", " + in + "] " + type + " weight matrix ("
                    + bytes + " bytes)");
        }
        return a;
    }

    /**
     * Packs the {@code [out, in]} elements that {@code fill} writes at the address it is given (a
     * scratch copy, freed after) into this matrix's panels.
     */
    private void packFrom(LongConsumer fill) {
        long raw = (long) out * in * type.bytes;
        long scratch = allocate(raw);
        try {
            fill.accept(scratch);
            NativeProducts.pack(address, scratch, type.ordinal(), out, in);
        } finally {
            NativeProducts.release(scratch, raw);
        }
    }

    /** F32 weights, {@code w[o * in + i]}, on the CPU's best path. */
    public static NativeWeights f32(float[] w, int out, int in) {
        return f32(w, out, in, NativeProducts.bestIsa());
    }

    /** F32 weights on a given path (tests compare paths). */
    public static NativeWeights f32(float[] w, int out, int in, Isa isa) {
        checkLength(w.length, out, in);
        NativeWeights m = new NativeWeights(Type.F32, out, in, isa);
        m.packFrom(a -> NativeProducts.putFloats(a, 0, w, 0, w.length));
        return m;
    }

    /** F16 weights as raw IEEE binary16 bits, {@code w[o * in + i]}, on the CPU's best path. */
    public static NativeWeights f16(short[] w, int out, int in) {
        return f16(w, out, in, NativeProducts.bestIsa());
    }

    /** F16 weights on a given path. */
    public static NativeWeights f16(short[] w, int out, int in, Isa isa) {
        checkLength(w.length, out, in);
        NativeWeights m = new NativeWeights(Type.F16, out, in, isa);
        m.packFrom(a -> NativeProducts.putShorts(a, 0, w, 0, w.length));
        return m;
    }

    /**
     * Weights copied from a direct buffer holding {@code out * in} little-endian elements of
     * {@code type} from its position (a mapped GGUF tensor, a PyTorch tensor's data).
     */
    public static NativeWeights copyOf(ByteBuffer direct, Type type, int out, int in) {
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("weights must come from a direct buffer");
        }
        long bytes = (long) out * in * type.bytes;
        if (direct.remaining() < bytes) {
            throw new IllegalArgumentException("the buffer holds " + direct.remaining() + " bytes, a [" + out + ", " + in
                    + "] " + type + " matrix needs " + bytes);
        }
        NativeWeights m = new NativeWeights(type, out, in, NativeProducts.bestIsa());
        NativeProducts.pack(m.address, NativeProducts.address(direct) + direct.position(), type.ordinal(), out, in);
        return m;
    }

    private static void checkLength(int length, int out, int in) {
        if ((long) out * in != length) {
            throw new IllegalArgumentException("a [" + out + ", " + in + "] matrix needs " + (long) out * in
                    + " elements, got " + length);
        }
    }

    public Type type() {
        return type;
    }

    public int out() {
        return out;
    }

    public int in() {
        return in;
    }

    public Isa isa() {
        return isa;
    }

    /**
     * Native bytes held: the matrix in panels of {@value #PANEL} outputs, the last one padded
     * with zeros (the kernel's layout, lmlab_products.c).
     */
    public long bytes() {
        return (long) (out + PANEL - 1) / PANEL * PANEL * in * type.bytes;
    }

    /** Outputs per panel of the packed layout. */
    static final int PANEL = 8;

    /** {@code y[r * out + o] = sum_i x[r * in + i] * W[o, i]} for {@code r < rows}. */
    public void multiply(float[] x, float[] y, int rows, Rounding rounding) {
        checkRows(rows);
        if (x.length < (long) rows * in || y.length < (long) rows * out) {
            throw new IllegalArgumentException(rows + " rows need x of " + (long) rows * in + " and y of "
                    + (long) rows * out + " floats, got " + x.length + " and " + y.length);
        }
        NativeProducts.productArrays(isa.ordinal(), live(), type.ordinal(), out, in, rounding.flags, x, y, rows);
    }

    /**
     * The same product on direct buffers of native-order floats (from position 0; a PyTorch CPU
     * tensor's own memory, with no copy).
     */
    public void multiply(ByteBuffer x, ByteBuffer y, int rows, Rounding rounding) {
        checkRows(rows);
        if (!x.isDirect() || !y.isDirect()) {
            throw new IllegalArgumentException("x and y must be direct buffers");
        }
        if (x.capacity() < 4L * rows * in || y.capacity() < 4L * rows * out) {
            throw new IllegalArgumentException(rows + " rows need x of " + 4L * rows * in + " and y of "
                    + 4L * rows * out + " bytes, got " + x.capacity() + " and " + y.capacity());
        }
        NativeProducts.productBuffers(isa.ordinal(), live(), type.ordinal(), out, in, rounding.flags, x, y, rows);
    }

    private void checkRows(int rows) {
        if (rows < 1 || rows > MAX_ROWS) {
            throw new IllegalArgumentException("rows must be 1 to " + MAX_ROWS + ", got " + rows);
        }
    }

    /** The matrix's native address (for the decode layers, which multiply by it in native code). */
    long address() {
        return live();
    }

    private long live() {
        if (address == 0) {
            throw new IllegalStateException("these native weights were closed");
        }
        return address;
    }

    /** Frees the native memory; later products throw. */
    @Override
    public synchronized void close() {
        if (address != 0) {
            NativeProducts.release(address, bytes());
            LIVE.addAndGet(-bytes());
            address = 0;
        }
    }
}
