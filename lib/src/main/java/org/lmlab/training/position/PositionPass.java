package org.lmlab.training.position;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Map;

/**
 * What an encoding needs to build one forward pass's terms: the pass's manager, its length, the
 * model's shape and dtype, and the model's parameters (for learned tables).
 *
 * @param time       positions 0 .. time-1 of the pass
 * @param parameters the model's tensors by checkpoint name
 */
public record PositionPass(NDManager manager, int time, int hiddenSize, int heads, DataType dtype,
                           Map<String, NDArray> parameters) {

    public int headDim() {
        return hiddenSize / heads;
    }

    /**
     * A constant array of {@code values} in the model's dtype (computed in double), in the engine's
     * memory: {@code create} wraps a Java buffer, which must not reach the backward pass ({@link #scalar}).
     */
    public NDArray constant(double[] values, Shape shape) {
        NDArray exact = manager.create(values, shape);
        return dtype == DataType.FLOAT64 ? exact.duplicate() : exact.toType(dtype, false);
    }

    /**
     * {@code value} as a 0-d array in the model's dtype, for products that record gradients. Not
     * {@code x.mul(double)}: DJL makes a Number operand from a direct buffer it frees as soon as the
     * product returns, while autograd keeps that array for the backward pass; a collection in between
     * lets the backward pass read freed memory (gradients then differ from run to run, mostly in
     * processes with small heaps, such as Spark executors).
     */
    public NDArray scalar(double value) {
        return constant(new double[] {value}, new Shape());
    }

    /**
     * One-hot rows {@code [ids.length, depth]} in the model's dtype: lookups as matrix products,
     * whose gradients add up in a fixed order (an index lookup's backward adds with atomics).
     */
    public NDArray oneHot(long[] ids, int depth) {
        return manager.create(ids).oneHot(depth).toType(dtype, false);
    }

    /** The learned tensor {@code name}. */
    public NDArray parameter(String name) {
        NDArray p = parameters.get(name);
        if (p == null) {
            throw new IllegalStateException("the model has no tensor " + name);
        }
        return p;
    }
}
