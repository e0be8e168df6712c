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

    /** A constant array of {@code values} in the model's dtype (computed in double). */
    public NDArray constant(double[] values, Shape shape) {
        NDArray exact = manager.create(values, shape);
        return dtype == DataType.FLOAT64 ? exact : exact.toType(dtype, false);
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
