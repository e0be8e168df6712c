package org.lmlab.model.gguf;

/**
 * IEEE 754 binary16 to binary32, exactly (every half value is a float), through a 64 Ki table.
 * NaN payloads are kept, as numpy's and ggml's conversions do.
 */
final class Half {

    private static final float[] TABLE = new float[1 << 16];

    static {
        for (int h = 0; h < TABLE.length; h++) {
            TABLE[h] = convert(h);
        }
    }

    private Half() {
    }

    static float toFloat(short bits) {
        return TABLE[bits & 0xffff];
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
