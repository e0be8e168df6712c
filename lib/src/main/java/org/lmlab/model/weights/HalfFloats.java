package org.lmlab.model.weights;

/**
 * Widening of 16-bit floats to F32 for every weight format (Java 17 has no
 * {@code Float.float16ToFloat}): IEEE 754 binary16 through a 64 Ki table, and bfloat16.
 * Both are exact (every such value is a float); NaN payloads are kept, as numpy's and ggml's
 * conversions do.
 */
public final class HalfFloats {

    private static final float[] F16 = new float[1 << 16];

    static {
        for (int h = 0; h < F16.length; h++) {
            F16[h] = convert(h);
        }
    }

    private HalfFloats() {
    }

    /** IEEE 754 binary16 bits to float, subnormals, infinities and NaN included. */
    public static float f16(short bits) {
        return F16[bits & 0xffff];
    }

    /** bfloat16 bits are the top half of a float's bits. */
    public static float bf16(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    private static float convert(int h) {
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent != 0) {
            // rebias 15 -> 127
            return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
        }
        float subnormal = mantissa * 0x1p-24f; // exact: at most 10 significant bits
        return sign != 0 ? -subnormal : subnormal;
    }
}
