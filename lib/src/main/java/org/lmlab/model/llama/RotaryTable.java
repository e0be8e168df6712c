package org.lmlab.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.lmlab.model.rope.RopeFrequencies;

/**
 * Cosine and sine of every position up to a capacity for one set of RoPE frequencies, held on
 * the engine and gathered by position id, in Hugging Face's rotate-half layout (dimension i
 * pairs with i + headDim/2). Both tables carry the attention factor, so query·key logits scale
 * by its square, as transformers does. Angles are computed in double: float loses digits at
 * large positions (position · inv_freq beyond 2^24 ulp).
 */
final class RotaryTable implements AutoCloseable {

    private final NDManager manager;
    private final int headDim;
    private RopeFrequencies frequencies;
    private NDArray cos;
    private NDArray sin;
    private int capacity;

    RotaryTable(NDManager parent, int headDim) {
        this.manager = parent.newSubManager();
        this.headDim = headDim;
    }

    RopeFrequencies frequencies() {
        return frequencies;
    }

    /**
     * Makes the table hold {@code f} for positions up to {@code maxPosition}. Equal frequencies keep
     * the current {@link #frequencies()} object, so a cache can tell by identity whether its keys
     * were rotated with them.
     */
    void prepare(RopeFrequencies f, long maxPosition) {
        if (f.pairs() * 2 != headDim) {
            throw new IllegalArgumentException("RoPE frequencies for " + 2 * f.pairs()
                    + " rotary dimensions do not fit heads of " + headDim);
        }
        boolean changed = frequencies == null || !MethodSetup.sameFrequencies(frequencies, f);
        if (changed) {
            frequencies = f;
            capacity = 0;
        }
        if (maxPosition >= capacity) {
            build(Math.toIntExact(Math.max(maxPosition + 1, Math.min(2L * capacity, Integer.MAX_VALUE / headDim))));
        }
    }

    /** Factor · cos rows {@code [ids.length, headDim]} (a view when the ids are consecutive). */
    NDArray cos(NDManager owner, long[] ids) {
        return gather(cos, owner, ids);
    }

    NDArray sin(NDManager owner, long[] ids) {
        return gather(sin, owner, ids);
    }

    private NDArray gather(NDArray table, NDManager owner, long[] ids) {
        if (ids.length > 0 && ids[ids.length - 1] - ids[0] == ids.length - 1) {
            return table.get(new NDIndex("{}:{}", ids[0], ids[0] + ids.length));
        }
        return table.get(owner.create(ids));
    }

    private void build(int newCapacity) {
        double[][] tables = RotateHalf.tables(frequencies, 0, newCapacity);
        float[] c = toFloat(tables[0]);
        float[] s = toFloat(tables[1]);
        closeTables();
        Shape shape = new Shape(newCapacity, headDim);
        cos = manager.create(c, shape);
        sin = manager.create(s, shape);
        NDScope.unregister(cos, sin); // outlives the pass that grew it
        capacity = newCapacity;
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    private void closeTables() {
        if (cos != null) {
            cos.close();
            sin.close();
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
