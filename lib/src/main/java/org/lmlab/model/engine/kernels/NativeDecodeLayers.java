package org.lmlab.model.engine.kernels;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Every layer of a LLaMA-family decoder for one decode step in one native call
 * ({@code src/main/c/lmlab_decode.c}): per layer RMSNorm, the q|k|v product with its optional
 * bias, rotation by the caller's cos/sin rows, the new keys and values written into each
 * sequence's cache in place, each row's attention over its own run of slots (grouped-query),
 * the output product and residual, RMSNorm, gate|up, SiLU(gate)·up, down and residual; then the
 * final RMSNorm. The products are {@link NativeWeights}' kernel, with its F16 rounding.
 *
 * <p>Nothing here is copied: the norm vectors, biases and caches are direct buffers over memory
 * the caller keeps alive (engine tensors), the matrices are the {@link NativeWeights} given. Every
 * address and bound is checked here before native code runs, since it writes into the caches.
 * A row's result depends only on its own values and cache, never on the other rows of the call.
 */
public final class NativeDecodeLayers implements AutoCloseable {

    /** Sizes of the decoder: hidden width, query and key/value heads, head width, MLP width, RMSNorm's eps. */
    public record Dims(int layers, int hidden, int heads, int kvHeads, int headDim, int inner, float eps) {
        public Dims {
            if (layers < 1 || hidden < 1 || heads < 1 || kvHeads < 1 || headDim < 2 || inner < 1) {
                throw new IllegalArgumentException("every size must be positive: " + this);
            }
            if (heads % kvHeads != 0 || headDim % 2 != 0) {
                throw new IllegalArgumentException("heads must be a multiple of kvHeads and headDim even: " + this);
            }
        }

        int qkvWidth() {
            return (heads + 2 * kvHeads) * headDim;
        }

        /** cos/sin floats per row: one headDim row per query and key head. */
        int angles() {
            return (heads + kvHeads) * headDim;
        }
    }

    /**
     * One layer's operands: F32 vectors as direct buffers of native-order floats ({@code qkvBias}
     * null: none) and {@code [out, in]} matrices.
     */
    public record Layer(ByteBuffer inputNorm, NativeWeights qkv, ByteBuffer qkvBias, NativeWeights out,
            ByteBuffer postNorm, NativeWeights gateUp, NativeWeights down) {}

    /**
     * A sequence's cache: {@code [layers, kvHeads, capacity, headDim]} F32 tensors of un-rotated
     * keys, rotated keys ({@code null} when nothing rotates: then {@code raw} holds the only keys,
     * the rotated ones) and values.
     */
    public record Cache(ByteBuffer raw, ByteBuffer rotated, ByteBuffer values, int capacity) {}

    /** A row of a step: its cache, the slot its key and value go to, and the slots {@code [from, to)} it reads. */
    public record Row(Cache cache, int slot, int from, int to) {}

    private final Dims dims;
    /**
     * The buffers and matrices whose addresses the native model holds, kept reachable with it. A
     * buffer over a tensor does not own that memory: the tensor (or the Java buffer a CPU tensor
     * was made from, which the tensor keeps) does, so the caller keeps those tensors open while
     * this is (the decoder closes both together).
     */
    private final List<Object> operands = new ArrayList<>();
    private long model;

    private NativeDecodeLayers(Dims dims) {
        this.dims = dims;
    }

    /**
     * The layers of a decoder; the matrices must share one type and instruction set, F16 ones are
     * multiplied with {@code rounding} as {@link NativeWeights#multiply} does.
     */
    public static NativeDecodeLayers of(Dims dims, List<Layer> layers, ByteBuffer finalNorm, NativeWeights.Rounding rounding) {
        NativeProducts.requireAvailable();
        if (layers.size() != dims.layers()) {
            throw new IllegalArgumentException(dims.layers() + " layers expected, got " + layers.size());
        }
        NativeWeights first = layers.get(0).qkv();
        NativeDecodeLayers out = new NativeDecodeLayers(dims);
        long[] addresses = new long[7 * layers.size() + 1];
        int at = 0;
        int h = dims.hidden();
        for (Layer l : layers) {
            addresses[at++] = out.vector(l.inputNorm(), h, "input norm");
            addresses[at++] = out.matrix(l.qkv(), first, dims.qkvWidth(), h);
            addresses[at++] = l.qkvBias() == null ? 0 : out.vector(l.qkvBias(), dims.qkvWidth(), "q|k|v bias");
            addresses[at++] = out.matrix(l.out(), first, h, dims.heads() * dims.headDim());
            addresses[at++] = out.vector(l.postNorm(), h, "post-attention norm");
            addresses[at++] = out.matrix(l.gateUp(), first, 2 * dims.inner(), h);
            addresses[at++] = out.matrix(l.down(), first, h, dims.inner());
        }
        addresses[at] = out.vector(finalNorm, h, "final norm");
        int flags = first.type() == NativeWeights.Type.F16 ? rounding.flags : 0;
        int[] d = {dims.layers(), h, dims.heads(), dims.kvHeads(), dims.headDim(), dims.inner(), first.type().ordinal(),
            flags};
        out.model = NativeProducts.decodeModel(first.isa().ordinal(), d, dims.eps(), addresses);
        if (out.model == 0) {
            throw new OutOfMemoryError("native memory for the decode layers' description");
        }
        return out;
    }

    private long vector(ByteBuffer b, int length, String what) {
        return address(b, 4L * length, what);
    }

    private long address(ByteBuffer b, long bytes, String what) {
        if (b == null || !b.isDirect()) {
            throw new IllegalArgumentException(what + " must be a direct buffer");
        }
        if (b.remaining() < bytes) {
            throw new IllegalArgumentException(what + " holds " + b.remaining() + " bytes, needs " + bytes);
        }
        operands.add(b);
        return NativeProducts.address(b) + b.position();
    }

    private long matrix(NativeWeights w, NativeWeights first, int out, int in) {
        if (w.out() != out || w.in() != in) {
            throw new IllegalArgumentException("a [" + out + ", " + in + "] matrix expected, got [" + w.out() + ", " + w.in()
                    + "]");
        }
        if (w.type() != first.type() || w.isa() != first.isa()) {
            throw new IllegalArgumentException("every matrix must be " + first.type() + " on " + first.isa());
        }
        operands.add(w);
        return w.address();
    }

    public Dims dims() {
        return dims;
    }

    /**
     * Runs every layer for {@code rows.size()} rows: {@code x} (a direct buffer of
     * {@code [rows, hidden]} native-order F32, from position 0) holds their input embeddings and
     * receives their final-normalised hidden states; {@code cos}, {@code sin}
     * {@code [rows, heads + kvHeads, headDim]} rotate each query and key head ({@code out = v·cos
     * + swapHalves(v)·sin}); scores are multiplied by {@code scale}. Writes each row's new keys
     * (un-rotated too when {@code rawKeys} and the cache rotates) and values at its slot, every
     * layer, before reading its slots {@code [from, to)}.
     */
    public void step(ByteBuffer x, float[] cos, float[] sin, List<Row> rows, float scale, boolean rawKeys) {
        int n = rows.size();
        if (n < 1) {
            throw new IllegalArgumentException("a step needs at least one row");
        }
        if (!x.isDirect() || x.capacity() < 4L * n * dims.hidden()) {
            throw new IllegalArgumentException("x must be a direct buffer of " + 4L * n * dims.hidden() + " bytes");
        }
        if (cos.length != n * dims.angles() || sin.length != cos.length) {
            throw new IllegalArgumentException("cos and sin need " + n * dims.angles() + " floats each");
        }
        long[] caches = new long[3 * n];
        int[] slots = new int[4 * n];
        for (int r = 0; r < n; r++) {
            Row row = rows.get(r);
            Cache c = row.cache();
            if (row.from() < 0 || row.from() > row.slot() || row.slot() >= row.to() || row.to() > c.capacity()) {
                throw new IllegalArgumentException("row " + r + ": slot " + row.slot() + " and run [" + row.from() + ", "
                        + row.to() + ") do not fit a cache of " + c.capacity() + " slots");
            }
            long bytes = 4L * dims.layers() * dims.kvHeads() * c.capacity() * dims.headDim();
            caches[3 * r] = cacheAddress(c.raw(), bytes);
            caches[3 * r + 1] = c.rotated() == null ? 0 : cacheAddress(c.rotated(), bytes);
            caches[3 * r + 2] = cacheAddress(c.values(), bytes);
            slots[4 * r] = c.capacity();
            slots[4 * r + 1] = row.slot();
            slots[4 * r + 2] = row.from();
            slots[4 * r + 3] = row.to();
        }
        NativeProducts.decodeStep(live(), NativeProducts.address(x), n, cos, sin, caches, slots, scale, rawKeys);
    }

    private static long cacheAddress(ByteBuffer b, long bytes) {
        if (b == null || !b.isDirect() || b.capacity() < bytes) {
            throw new IllegalArgumentException("a cache tensor must be a direct buffer of " + bytes + " bytes");
        }
        return NativeProducts.address(b);
    }

    private long live() {
        if (model == 0) {
            throw new IllegalStateException("these decode layers were closed");
        }
        return model;
    }

    /** Frees the native description (not the weights, which their owner closes). */
    @Override
    public synchronized void close() {
        if (model != 0) {
            NativeProducts.freeDecodeModel(model);
            model = 0;
        }
    }
}
