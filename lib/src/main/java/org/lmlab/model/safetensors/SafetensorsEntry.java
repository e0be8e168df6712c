package org.lmlab.model.safetensors;

import org.lmlab.model.weights.TensorInfo;

/** One tensor's header entry: data offsets are relative to the end of the header. */
record SafetensorsEntry(String name, String dtype, long[] shape, long begin, long end) {

    TensorInfo info() {
        return new TensorInfo(name, shape, dtype, end - begin);
    }
}
