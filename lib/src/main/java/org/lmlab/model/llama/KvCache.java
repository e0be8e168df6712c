package org.lmlab.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.lmlab.model.engine.kernels.NativeDecodeLayers;
import org.lmlab.model.extrapolation.Extrapolation;
import org.lmlab.model.extrapolation.Window;

/**
 * Keys and values of the positions already processed, per layer, so that decoding one more
 * token costs one position's work. Keys are kept un-rotated, each slot with its position id, so
 * a method can re-rotate them (attention sinks measure distance inside the cache, dynamic NTK
 * changes the frequencies); a rotated copy is kept beside them so decoding does not rotate the
 * whole cache every token. Storage is preallocated ({@code [kvHeads, capacity, headDim]} per
 * layer and tensor) and written in place.
 *
 * <p>Slots: {@code [0, pinned)} hold kept global keys, {@code [liveFrom, end)} the recent ones;
 * evicted slots between them are reclaimed lazily (compaction when room runs out), so a sliding
 * window costs O(1) amortised per token. Positions increase with the slot. Owns its native memory:
 * close it when done.
 */
public final class KvCache implements AutoCloseable {

    private final NDManager manager;
    private final int layers;
    private final int kvHeads;
    private final int headDim;
    private final boolean rotates;
    private final Extrapolation method;
    private RotaryTable table;
    /** Per layer: views of the whole tensors below. */
    private NDArray[] rawKeys;
    private NDArray[] rotatedKeys;
    private NDArray[] values;
    /** {@code [layers, kvHeads, capacity, headDim]}: one tensor per kind, so a decode pass reads every layer's keys through one view. */
    private NDArray rawAll;
    private NDArray rotatedAll;
    private NDArray valuesAll;
    private long[] positions;
    private int capacity;
    private int pinned;
    private int liveFrom;
    private int end;
    private long nextPosition;
    /** The rotation the rotated copy was made with (null: none yet). */
    private Object rotation;
    /** The tensors' memory for the native decode layers, made on first use for the current storage. */
    private NativeDecodeLayers.Cache nativeMemory;

    KvCache(NDManager parent, int layers, int kvHeads, int headDim, int capacity, boolean rotates,
            Extrapolation method) {
        this.manager = parent.newSubManager();
        this.layers = layers;
        this.kvHeads = kvHeads;
        this.headDim = headDim;
        this.rotates = rotates;
        this.method = method;
        allocate(Math.max(1, capacity));
    }

    /** Positions stored (evicted ones not counted). */
    public int length() {
        return pinned + end - liveFrom;
    }

    public int capacity() {
        return capacity;
    }

    /** The position id the next token takes by default (one past the last one stored). */
    public long nextPosition() {
        return nextPosition;
    }

    /** The position ids stored, in slot order. */
    public long[] positions() {
        long[] out = new long[length()];
        System.arraycopy(positions, 0, out, 0, pinned);
        System.arraycopy(positions, liveFrom, out, pinned, end - liveFrom);
        return out;
    }

    /** Forgets every position (the storage is kept). */
    public void clear() {
        pinned = 0;
        liveFrom = 0;
        end = 0;
        nextPosition = 0;
    }

    /**
     * Forgets positions from the {@code newLength}-th on (the storage is kept); only a cache that
     * has not evicted can be cut back, since evicted positions are gone.
     */
    public void truncate(int newLength) {
        if (newLength < 0 || newLength > length()) {
            throw new IllegalArgumentException("cannot truncate a cache of " + length() + " positions to " + newLength);
        }
        if (newLength == 0) {
            clear();
            return;
        }
        if (pinned != liveFrom) {
            throw new IllegalStateException("cannot truncate a cache that has evicted positions; clear() it instead");
        }
        end = newLength;
        nextPosition = positions[end - 1] + 1;
    }

    /** The method of the decoder that made this cache (its eviction and rotation follow it). */
    public Extrapolation method() {
        return method;
    }

    /** The cos/sin table of this cache's positions, made on first use. */
    RotaryTable table() {
        if (table == null) {
            table = new RotaryTable(manager, headDim);
        }
        return table;
    }

    /** The stored slots plus {@code pending} appended but not yet committed, for planning. */
    AttentionPlan.Slots slots(int pending) {
        int last = end + pending;
        return new AttentionPlan.Slots() {
            @Override
            public int firstAbove(long position) {
                int inPinned = search(0, pinned, position);
                return inPinned < pinned ? inPinned : search(liveFrom, last, position);
            }

            @Override
            public long position(int slot) {
                return positions[slot];
            }

            @Override
            public int holeFrom() {
                return pinned;
            }

            @Override
            public int holeTo() {
                return liveFrom;
            }
        };
    }

    /** The first slot in [from, to) whose position exceeds {@code position} (positions increase). */
    private int search(int from, int to, long position) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (positions[mid] > position) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    int end() {
        return end;
    }

    long position(int slot) {
        return positions[slot];
    }

    /** Makes room for {@code extra} more slots after {@link #end()}, compacting or growing. */
    void reserve(int extra) {
        if (end + extra <= capacity) {
            return;
        }
        compact();
        int needed = end + extra;
        if (needed <= capacity / 2) {
            return; // compaction freed plenty: the next one is far off
        }
        grow(Math.max(needed, 2 * capacity));
    }

    /** Claims slots for {@code ids} (increasing, after every stored position); returns the first. */
    int append(long[] ids) {
        if (ids.length > 0 && length() > 0 && ids[0] <= positions[end - 1]) {
            throw new IllegalArgumentException("position " + ids[0] + " is not after the cached position "
                    + positions[end - 1]);
        }
        for (int i = 1; i < ids.length; i++) {
            if (ids[i] <= ids[i - 1]) {
                throw new IllegalArgumentException("position ids must increase, got " + ids[i - 1] + " then " + ids[i]);
            }
        }
        int first = end;
        System.arraycopy(ids, 0, positions, first, ids.length);
        return first;
    }

    /**
     * Writes one layer's new keys (raw and rotated) and values {@code [kvHeads, n, headDim]} at slots
     * {@code first ..}; {@link #commit} makes them count once every layer has written.
     */
    void write(int layer, int first, NDArray raw, NDArray rotated, NDArray v) {
        int n = Math.toIntExact(raw.getShape().get(1));
        write(layer, new NDIndex(":, {}:{}, :", first, first + n), raw, rotated, v);
    }

    /**
     * {@link #write} at a slot index made once for every layer of a pass ({@code [:, slot:slot+1, :]});
     * {@code raw} null leaves the un-rotated keys of a rotating cache unwritten (for a method that
     * never reads them).
     */
    void write(int layer, NDIndex slot, NDArray raw, NDArray rotated, NDArray v) {
        if (rotates) {
            if (raw != null) {
                rawKeys[layer].set(slot, raw);
            }
            rotatedKeys[layer].set(slot, rotated);
        } else {
            rawKeys[layer].set(slot, rotated); // nothing rotates: the same keys
        }
        values[layer].set(slot, v);
    }

    void commit(int n) {
        end += n;
        nextPosition = positions[end - 1] + 1;
    }

    /** Un-rotated keys of slots [from, to) of {@code layer}. */
    NDArray rawKeys(int layer, int from, int to) {
        return rawKeys[layer].get(new NDIndex(":, {}:{}, :", from, to));
    }

    /** Keys of slots [from, to) rotated at their positions (the raw keys when nothing rotates). */
    NDArray rotatedKeys(int layer, int from, int to) {
        return (rotates ? rotatedKeys : rawKeys)[layer].get(new NDIndex(":, {}:{}, :", from, to));
    }

    NDArray values(int layer, int from, int to) {
        return values[layer].get(new NDIndex(":, {}:{}, :", from, to));
    }

    /** The rotation the stored rotated keys were made with. */
    Object rotation() {
        return rotation;
    }

    /**
     * Re-rotates every stored key with {@code table} (frequencies changed: dynamic NTK past the
     * original context, LongRoPE's switch) and records it as the cache's rotation.
     */
    void rerotate(RotaryTable table) {
        rotation = table.frequencies();
        if (!rotates || length() == 0) {
            return;
        }
        for (int[] run : new int[][] {{0, pinned}, {liveFrom, end}}) {
            if (run[1] <= run[0]) {
                continue;
            }
            long[] ids = Arrays.copyOfRange(positions, run[0], run[1]);
            try (NDScope scope = new NDScope()) {
                NDArray cos = table.cos(manager, ids);
                NDArray sin = table.sin(manager, ids);
                NDIndex slots = new NDIndex(":, {}:{}, :", run[0], run[1]);
                for (int l = 0; l < layers; l++) {
                    rotatedKeys[l].set(slots, RotateHalf.rotate(rawKeys[l].get(slots), cos, sin));
                }
            }
        }
    }

    /**
     * Drops the keys that {@code shape} no longer lets any query at positions >= next read: keeps
     * the global ones (pinned at the front) and the recent band.
     */
    void evict(Window.Shape shape, long next) {
        if (!shape.evicts() || length() == 0) {
            return;
        }
        if (pinned == liveFrom) {
            // no slot evicted yet after the pinned ones: global keys stored since join them
            while (pinned < end && positions[pinned] < shape.global()) {
                pinned++;
            }
            liveFrom = pinned;
        }
        int from = liveFrom;
        while (from < end && !shape.keeps(positions[from], next)) {
            from++;
        }
        liveFrom = from;
    }

    /** Moves the live slots down to the pinned ones, reclaiming evicted slots. */
    private void compact() {
        if (liveFrom == pinned) {
            return;
        }
        int live = end - liveFrom;
        if (live > 0) {
            NDIndex source = new NDIndex(":, {}:{}, :", liveFrom, end);
            NDIndex target = new NDIndex(":, {}:{}, :", pinned, pinned + live);
            for (NDArray[] tensor : tensors()) {
                for (int l = 0; l < layers; l++) {
                    try (NDArray copy = tensor[l].get(source).duplicate()) { // the ranges may overlap
                        tensor[l].set(target, copy);
                    }
                }
            }
            System.arraycopy(positions, liveFrom, positions, pinned, live);
        }
        end = pinned + live;
        liveFrom = pinned;
    }

    private NDArray[][] tensors() {
        return rotates ? new NDArray[][] {rawKeys, rotatedKeys, values} : new NDArray[][] {rawKeys, values};
    }

    private NDArray[] wholes() {
        return rotates ? new NDArray[] {rawAll, rotatedAll, valuesAll} : new NDArray[] {rawAll, valuesAll};
    }

    private void grow(int newCapacity) {
        NDArray[][] old = rawKeys == null ? null : tensors();
        NDArray[] oldWholes = rawKeys == null ? null : wholes();
        allocate(newCapacity);
        if (old == null) {
            return;
        }
        NDArray[] fresh = wholes();
        for (int t = 0; t < old.length; t++) {
            if (end > 0) {
                NDIndex filled = new NDIndex(":, :, :{}, :", end);
                fresh[t].set(filled, oldWholes[t].get(filled));
            }
            for (NDArray view : old[t]) {
                view.close();
            }
            oldWholes[t].close();
        }
    }

    private void allocate(int newCapacity) {
        Shape shape = new Shape(layers, kvHeads, newCapacity, headDim);
        rawAll = zeros(shape);
        rotatedAll = rotates ? zeros(shape) : null;
        valuesAll = zeros(shape);
        rawKeys = byLayer(rawAll);
        rotatedKeys = rotates ? byLayer(rotatedAll) : null;
        values = byLayer(valuesAll);
        positions = positions == null ? new long[newCapacity] : Arrays.copyOf(positions, newCapacity);
        capacity = newCapacity;
        nativeMemory = null;
    }

    /**
     * The storage's memory (CPU, contiguous F32: read and written in place, no copy) for the native
     * decode layers; valid until the storage grows.
     */
    NativeDecodeLayers.Cache nativeMemory() {
        if (nativeMemory == null) {
            nativeMemory = new NativeDecodeLayers.Cache(rawAll.toByteBuffer(true),
                    rotates ? rotatedAll.toByteBuffer(true) : null, valuesAll.toByteBuffer(true), capacity);
        }
        return nativeMemory;
    }

    private NDArray zeros(Shape shape) {
        NDArray out = manager.zeros(shape, DataType.FLOAT32);
        NDScope.unregister(out); // the cache outlives the forward pass that may have grown it
        return out;
    }

    private NDArray[] byLayer(NDArray whole) {
        NDArray[] out = new NDArray[layers];
        for (int l = 0; l < layers; l++) {
            out[l] = whole.get(l);
            NDScope.unregister(out[l]);
        }
        return out;
    }

    /**
     * Rotated keys of the slots {@code range} ({@code [:, :, from:to, :]}) selects, transposed for
     * scoring: per layer {@code [1, kvHeads, headDim, keys]}, all from one view.
     */
    NDList rotatedKeysByLayer(NDIndex range) {
        return (rotates ? rotatedAll : rawAll).get(range).transpose(0, 1, 3, 2).split(layers, 0);
    }

    /** Values of the slots {@code range} selects: per layer {@code [1, kvHeads, keys, headDim]}. */
    NDList valuesByLayer(NDIndex range) {
        return valuesAll.get(range).split(layers, 0);
    }

    /** Grows the storage (keeping what is stored) so that slots [0, slots) exist. */
    void ensureCapacity(int slots) {
        if (slots > capacity) {
            grow(Math.max(slots, 2 * capacity));
        }
    }

    /**
     * Every layer's rotated keys (the raw keys when nothing rotates) of slots [from, from + count):
     * a view {@code [layers, kvHeads, count, headDim]}; the slots must exist ({@link #ensureCapacity}).
     */
    NDArray keyWindow(int from, int count) {
        return (rotates ? rotatedAll : rawAll).get(window(from, count));
    }

    /** Every layer's values of slots [from, from + count), as {@link #keyWindow}. */
    NDArray valueWindow(int from, int count) {
        return valuesAll.get(window(from, count));
    }

    private static NDIndex window(int from, int count) {
        return new NDIndex().addAllDim().addAllDim().addSliceDim(from, from + count);
    }

    @Override
    public void close() {
        nativeMemory = null; // its addresses die with the tensors: a closed cache must not hand them out
        manager.close();
    }
}
