package org.lmlab.model.weights;

import java.util.Arrays;

/**
 * One stored tensor: its canonical (Hugging Face) name, shape in row-major order as PyTorch
 * states it (a linear layer is {@code [out_features, in_features]}), and the storage type it
 * had on disk ("F32", "BF16", "Q4_1", ...), kept for {@code %model info} and memory estimates.
 */
public record TensorInfo(String name, long[] shape, String storageType, long storedBytes) {

    public TensorInfo {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public long elements() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + " " + storageType;
    }
}
