package org.lmlab.model.gguf;

import java.nio.ByteBuffer;
import org.lmlab.model.weights.HalfFloats;

/**
 * ggml block formats to F32. Each formula keeps ggml's order of float operations (for example
 * Q4_K's {@code (d * scale) * q - dmin * min}), so results are bit-identical to ggml's reference
 * dequantisation and to the Python {@code gguf} package's.
 */
final class Dequantizer {

    private static final int QK_K = 256;

    private Dequantizer() {
    }

    /** Dequantises {@code blocks} blocks from {@code in} (little-endian, at position 0) into {@code out[at...]}. */
    static void dequantize(GgmlType type, ByteBuffer in, int blocks, float[] out, int at) {
        switch (type) {
            case F32: in.asFloatBuffer().get(out, at, blocks); break;
            case F16: f16(in, blocks, out, at); break;
            case BF16: bf16(in, blocks, out, at); break;
            case Q8_0: q8_0(in, blocks, out, at); break;
            case Q4_0: q4(in, blocks, out, at, false); break;
            case Q4_1: q4(in, blocks, out, at, true); break;
            case Q4_K: q4K(in, blocks, out, at); break;
            case Q6_K: q6K(in, blocks, out, at); break;
            default: throw new IllegalArgumentException("no dequantisation for " + type);
        }
    }

    private static void f16(ByteBuffer in, int n, float[] out, int at) {
        for (int i = 0; i < n; i++) {
            out[at + i] = HalfFloats.f16(in.getShort(2 * i));
        }
    }

    private static void bf16(ByteBuffer in, int n, float[] out, int at) {
        for (int i = 0; i < n; i++) {
            out[at + i] = Float.intBitsToFloat(in.getShort(2 * i) << 16);
        }
    }

    /** 32 weights: fp16 d, then 32 int8 q; x = q * d. */
    private static void q8_0(ByteBuffer in, int blocks, float[] out, int at) {
        for (int b = 0; b < blocks; b++) {
            int base = b * 34;
            float d = HalfFloats.f16(in.getShort(base));
            int o = at + b * 32;
            for (int j = 0; j < 32; j++) {
                out[o + j] = in.get(base + 2 + j) * d;
            }
        }
    }

    /**
     * Q4_0 (fp16 d, 16 bytes; x = (q - 8) * d) and Q4_1 (fp16 d, fp16 m, 16 bytes; x = q * d + m).
     * Low nibbles hold elements 0..15, high nibbles 16..31.
     */
    private static void q4(ByteBuffer in, int blocks, float[] out, int at, boolean withMin) {
        int size = withMin ? 20 : 18;
        int qs = withMin ? 4 : 2;
        for (int b = 0; b < blocks; b++) {
            int base = b * size;
            float d = HalfFloats.f16(in.getShort(base));
            float m = withMin ? HalfFloats.f16(in.getShort(base + 2)) : 0f;
            int o = at + b * 32;
            for (int j = 0; j < 16; j++) {
                int q = in.get(base + qs + j);
                if (withMin) {
                    out[o + j] = (q & 0xf) * d + m;
                    out[o + j + 16] = ((q >> 4) & 0xf) * d + m;
                } else {
                    out[o + j] = ((q & 0xf) - 8) * d;
                    out[o + j + 16] = (((q >> 4) & 0xf) - 8) * d;
                }
            }
        }
    }

    /**
     * Q4_K super-block of 256: fp16 d, fp16 dmin, 12 bytes of 6-bit (scale, min) pairs for eight
     * sub-blocks of 32, 128 bytes of nibbles (each 32 bytes: low nibbles one sub-block, high the next).
     */
    private static void q4K(ByteBuffer in, int blocks, float[] out, int at) {
        byte[] scales = new byte[12];
        for (int b = 0; b < blocks; b++) {
            int base = b * 144;
            float d = HalfFloats.f16(in.getShort(base));
            float dmin = HalfFloats.f16(in.getShort(base + 2));
            in.get(base + 4, scales);
            int qs = base + 16;
            int o = at + b * QK_K;
            for (int pair = 0; pair < 4; pair++) {
                int lo = 2 * pair;
                float d1 = d * scaleK4(scales, lo);
                float m1 = dmin * minK4(scales, lo);
                float d2 = d * scaleK4(scales, lo + 1);
                float m2 = dmin * minK4(scales, lo + 1);
                for (int l = 0; l < 32; l++) {
                    int q = in.get(qs + 32 * pair + l);
                    out[o + 64 * pair + l] = d1 * (q & 0xf) - m1;
                    out[o + 64 * pair + 32 + l] = d2 * ((q >> 4) & 0xf) - m2;
                }
            }
        }
    }

    private static int scaleK4(byte[] s, int j) {
        return j < 4 ? s[j] & 63 : (s[j + 4] & 0xf) | ((s[j - 4] & 0xff) >> 6) << 4;
    }

    private static int minK4(byte[] s, int j) {
        return j < 4 ? s[j + 4] & 63 : ((s[j + 4] & 0xff) >> 4) | ((s[j] & 0xff) >> 6) << 4;
    }

    /**
     * Q6_K super-block of 256: 128 bytes of low nibbles, 64 bytes of 2-bit high parts, 16 int8
     * scales (one per 16 elements), fp16 d; x = (d * scale) * (q - 32).
     */
    private static void q6K(ByteBuffer in, int blocks, float[] out, int at) {
        for (int b = 0; b < blocks; b++) {
            int base = b * 210;
            float d = HalfFloats.f16(in.getShort(base + 208));
            int o = at + b * QK_K;
            for (int half = 0; half < 2; half++) {
                int ql = base + 64 * half;
                int qh = base + 128 + 32 * half;
                int sc = base + 192 + 8 * half;
                int y = o + 128 * half;
                for (int l = 0; l < 32; l++) {
                    int is = l / 16;
                    int low0 = in.get(ql + l) & 0xff;
                    int low32 = in.get(ql + l + 32) & 0xff;
                    int high = in.get(qh + l) & 0xff;
                    int q1 = ((low0 & 0xf) | ((high & 3) << 4)) - 32;
                    int q2 = ((low32 & 0xf) | (((high >> 2) & 3) << 4)) - 32;
                    int q3 = ((low0 >> 4) | (((high >> 4) & 3) << 4)) - 32;
                    int q4 = ((low32 >> 4) | (((high >> 6) & 3) << 4)) - 32;
                    out[y + l] = d * in.get(sc + is) * q1;
                    out[y + l + 32] = d * in.get(sc + is + 2) * q2;
                    out[y + l + 64] = d * in.get(sc + is + 4) * q3;
                    out[y + l + 96] = d * in.get(sc + is + 6) * q4;
                }
            }
        }
    }
}
