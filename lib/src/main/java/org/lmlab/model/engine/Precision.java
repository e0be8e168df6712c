package org.lmlab.model.engine;

import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The floating-point type a decoder holds its weight matrices in and multiplies them at
 * ({@code %model load --dtype}). Activations are cast to it for each matrix product and back to
 * F32 after, so norms, softmax, the residual stream and the KV cache stay F32 (what autocast
 * does). F16 halves the weights' memory; on CPU it is slower than F32.
 *
 * <p>No BF16: DJL 0.35.1's PyTorch binding aborts the whole process (a C++ terminate) when an
 * array is converted to BF16, which would take the kernel down with it.
 */
public enum Precision {
    F32(DataType.FLOAT32),
    F16(DataType.FLOAT16);

    private final DataType dataType;

    Precision(DataType dataType) {
        this.dataType = dataType;
    }

    public DataType dataType() {
        return dataType;
    }

    /** Bytes per weight. */
    public int bytes() {
        return dataType.getNumOfBytes();
    }

    /** Parses {@code f32} or {@code f16} (any case; {@code float32}, {@code fp16}... too). */
    public static Precision parse(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT).replace("FLOAT", "F").replace("FP", "F");
        if (n.equals("BF16")) {
            throw new IllegalArgumentException("dtype bf16 is not available: DJL 0.35.1's PyTorch binding aborts the "
                    + "process when converting to BF16; use f16 (same memory) or f32");
        }
        for (Precision p : values()) {
            if (p.name().equals(n)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown dtype '" + name + "': expected one of "
                + Arrays.stream(values()).map(p -> p.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }
}
