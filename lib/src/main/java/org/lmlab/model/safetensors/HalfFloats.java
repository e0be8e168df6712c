package org.lmlab.model.safetensors;

/** Widening of 16-bit floats to F32 (Java 17 has no Float.float16ToFloat). */
final class HalfFloats {

    private HalfFloats() {}

    /** IEEE 754 binary16 bits to float, subnormals, infinities and NaN included. */
    static float f16(short bits) {
        int h = bits & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            // subnormal (or zero): mant * 2^-24, exact in float
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** bfloat16 bits are the top half of a float's bits. */
    static float bf16(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }
}
