package org.lmlab.model.gguf;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Tensor storage types of ggml, with their block layout: {@code blockSize} elements are stored in
 * {@code typeSize} bytes. Every type llama.cpp defines is listed so that a file's layout can be
 * checked; only {@link #SUPPORTED} types can be dequantised.
 */
public enum GgmlType {
    F32(0, 1, 4), F16(1, 1, 2), Q4_0(2, 32, 18), Q4_1(3, 32, 20), Q5_0(6, 32, 22), Q5_1(7, 32, 24),
    Q8_0(8, 32, 34), Q8_1(9, 32, 40), Q2_K(10, 256, 84), Q3_K(11, 256, 110), Q4_K(12, 256, 144),
    Q5_K(13, 256, 176), Q6_K(14, 256, 210), Q8_K(15, 256, 292), IQ2_XXS(16, 256, 66), IQ2_XS(17, 256, 74),
    IQ3_XXS(18, 256, 98), IQ1_S(19, 256, 50), IQ4_NL(20, 32, 18), IQ3_S(21, 256, 110), IQ2_S(22, 256, 82),
    IQ4_XS(23, 256, 136), I8(24, 1, 1), I16(25, 1, 2), I32(26, 1, 4), I64(27, 1, 8), F64(28, 1, 8),
    IQ1_M(29, 256, 56), BF16(30, 1, 2), TQ1_0(34, 256, 54), TQ2_0(35, 256, 66), MXFP4(39, 32, 17);

    /** Types {@link Dequantizer} turns into F32. */
    public static final Set<GgmlType> SUPPORTED = EnumSet.of(F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q4_K, Q6_K);

    private static final GgmlType[] BY_ID = new GgmlType[64];

    static {
        for (GgmlType t : values()) {
            BY_ID[t.id] = t;
        }
    }

    private final int id;
    private final int blockSize;
    private final int typeSize;

    GgmlType(int id, int blockSize, int typeSize) {
        this.id = id;
        this.blockSize = blockSize;
        this.typeSize = typeSize;
    }

    /** The type's number in a GGUF tensor table, or null when ggml defines no such type. */
    static GgmlType byId(long id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[(int) id] : null;
    }

    public int id() {
        return id;
    }

    /** Elements per block. */
    public int blockSize() {
        return blockSize;
    }

    /** Bytes per block. */
    public int typeSize() {
        return typeSize;
    }

    public boolean supported() {
        return SUPPORTED.contains(this);
    }

    /** Bytes that {@code elements} elements take; elements must be a whole number of blocks. */
    public long bytesFor(long elements) {
        return elements / blockSize * typeSize;
    }

    static String supportedList() {
        return Arrays.stream(values()).filter(GgmlType::supported).map(Enum::name)
                .collect(Collectors.joining(", "));
    }
}
