package org.lmlab.model.gguf;

import java.util.Arrays;

/**
 * One entry of a GGUF tensor table.
 *
 * @param name       the tensor's GGUF name ({@code blk.0.attn_q.weight})
 * @param dims       ggml dimensions, fastest-varying first ({@code ne[0]} = row length)
 * @param type       storage type
 * @param fileOffset absolute byte offset of the data in the file
 * @param bytes      stored size in bytes
 */
public record GgufTensor(String name, long[] dims, GgmlType type, long fileOffset, long bytes) {

    public GgufTensor {
        dims = dims.clone();
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    public long elements() {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }

    /** Dimensions in PyTorch (row-major, slowest first) order: ggml's reversed. */
    public long[] shape() {
        long[] shape = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            shape[i] = dims[dims.length - 1 - i];
        }
        return shape;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(dims) + " " + type;
    }
}
