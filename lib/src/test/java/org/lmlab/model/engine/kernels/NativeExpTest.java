package org.lmlab.model.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The decode layers' exp (softmax weights and SiLU; lmlab_decode.c's exp_avx2 on the AVX2 path,
 * libm's expf in plain C) against StrictMath.exp in double: every 997th float from -110 to 95, every
 * float where the result is subnormal or near the overflow threshold, and the special values. Max
 * error in units of the float result's last place: measured 0.86 (AVX2) and 0.50 (libm), asserted
 * at most 2; the special values exactly (NaN, 0 below the least subnormal, infinity past
 * Float.MAX_VALUE).
 */
class NativeExpTest {

    @BeforeAll
    static void library() {
        NativeProductsNumpyTest.requireLibrary();
    }

    @Test
    void withinTwoUlpOfStrictMathEverywhereAndExactAtTheEdges() {
        float[] x = inputs();
        for (Isa isa : Isa.values()) {
            if (isa.ordinal() > NativeProducts.bestIsa().ordinal()) {
                continue;
            }
            float[] y = new float[x.length];
            NativeProducts.exp(isa.ordinal(), x, y);
            double worst = 0;
            float at = 0;
            for (int i = 0; i < x.length; i++) {
                double exact = StrictMath.exp(x[i]);
                float rounded = (float) exact;
                if (Float.isNaN(x[i])) {
                    assertTrue(Float.isNaN(y[i]), isa + ": e^NaN");
                } else if (Float.isInfinite(rounded) || rounded == 0) {
                    assertEquals(rounded, y[i], isa + ": e^" + x[i]);
                } else {
                    double ulps = Math.abs(y[i] - exact) / Math.ulp(rounded);
                    if (ulps > worst) {
                        worst = ulps;
                        at = x[i];
                    }
                }
            }
            System.out.printf("exp, %s: max error %.3f ulp (at %s) over %d inputs%n", isa, worst, at, x.length);
            assertTrue(worst <= 2, isa + ": " + worst + " ulp at " + at);
        }
    }

    private static float[] inputs() {
        float[] edges = {0f, -0f, 1f, -1f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 88.72283f, 88.72284f, 88.7229f, 89f, 89.5f,
            -87.33654f, -103.27893f, -103.97208f, -103.97209f, -104f, -104.5f, -200f, 1e-8f, -1e-8f};
        float[] sweep = range(-110f, 95f, 997);
        float[] subnormal = range(-104.5f, -87f, 1);
        float[] overflow = range(88.6f, 88.8f, 1);
        float[] all = Arrays.copyOf(edges, edges.length + sweep.length + subnormal.length + overflow.length);
        System.arraycopy(sweep, 0, all, edges.length, sweep.length);
        System.arraycopy(subnormal, 0, all, edges.length + sweep.length, subnormal.length);
        System.arraycopy(overflow, 0, all, edges.length + sweep.length + subnormal.length, overflow.length);
        return all;
    }

    /** Every step-th float from a to b (a < b), walking the floats in order. */
    private static float[] range(float a, float b, int step) {
        float[] out = new float[(int) Math.min(Integer.MAX_VALUE - 8, (order(b) - order(a)) / step + 1)];
        int n = 0;
        for (long o = order(a); o <= order(b) && n < out.length; o += step) {
            out[n++] = fromOrder(o);
        }
        return Arrays.copyOf(out, n);
    }

    /** The float's position in the order of all floats (negative floats below zero). */
    private static long order(float f) {
        int bits = Float.floatToRawIntBits(f);
        return bits < 0 ? -(long) (bits & 0x7fffffff) : bits;
    }

    private static float fromOrder(long o) {
        return o < 0 ? Float.intBitsToFloat((int) -o | 0x80000000) : Float.intBitsToFloat((int) o);
    }
}
