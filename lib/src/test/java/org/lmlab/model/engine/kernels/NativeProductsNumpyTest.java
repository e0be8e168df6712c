package org.lmlab.model.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lmlab.model.weights.HalfFloats;
import org.lmlab.reference.PythonReference;

/**
 * The native products against numpy (float64 products of the same F32 / F16 numbers), on both
 * instruction-set paths, for shapes whose {@code in} is not a multiple of 8 or 16 and 1 to 9 rows;
 * each row's result bit-identical whatever the number of rows in the call; the F16 conversions
 * against numpy's casts for every bit pattern.
 *
 * <p>Error bound: a float sum of {@code n} products has |error| <= gamma_n * sum |x_i w_i| with
 * gamma_n ~ n * 2^-24 (Higham, Accuracy and Stability of Numerical Algorithms, 3.1); the test asserts
 * that bound and reports the largest error relative to {@code sum |x_i w_i|} seen.
 */
public class NativeProductsNumpyTest {

    private static final int[][] SHAPES = {{1, 1}, {5, 7}, {37, 13}, {4, 100}, {13, 576}, {9, 1537}, {64, 17}};
    private static final int ROWS = 9;

    /** numpy: y = x @ W.T in float64 from the float32 values of x and W (W given as f32 or f16 bits). */
    private static final String PRODUCT = """
            import sys
            import numpy as np
            out, inn, rows, half, round_x = (int(a) for a in sys.argv[1:6])
            x = np.fromfile(sys.argv[6], dtype='<f4').reshape(rows, inn)
            w = np.fromfile(sys.argv[7], dtype='<f2' if half else '<f4').reshape(out, inn).astype(np.float32)
            if round_x:
                x = x.astype(np.float16).astype(np.float32)
            x64 = x.astype(np.float64)
            w64 = w.astype(np.float64)
            y = x64 @ w64.T
            scale = np.abs(x64) @ np.abs(w64).T
            np.stack([y, scale]).astype('<f8').tofile(sys.argv[8])
            """;

    @BeforeAll
    static void available() {
        requireLibrary();
    }

    /**
     * The library is built for linux x86_64 only (elsewhere these tests do not apply and are skipped,
     * saying so); there, built with a C compiler, it must load.
     */
    public static void requireLibrary() {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        Assumptions.assumeTrue(os.startsWith("Linux") && (arch.equals("amd64") || arch.equals("x86_64")),
                "lmlab's native products are built for linux x86_64 only, not " + os + " " + arch);
        assertTrue(NativeProducts.isAvailable(), "built on linux x86_64 with a C compiler, the library must load: "
                + NativeProducts.unavailableReason());
    }

    private static List<Isa> isas() {
        List<Isa> isas = new ArrayList<>();
        for (Isa isa : Isa.values()) {
            if (isa.ordinal() <= NativeProducts.bestIsa().ordinal()) {
                isas.add(isa);
            }
        }
        return isas;
    }

    @Test
    void f32ProductsEqualNumpyWithinTheSummationBound() throws Exception {
        double worst = 0;
        SplittableRandom random = new SplittableRandom(18);
        for (int[] shape : SHAPES) {
            int out = shape[0];
            int in = shape[1];
            float[] w = gaussian(random, out * in);
            float[] x = gaussian(random, ROWS * in);
            double[][] reference = numpy(out, in, x, floatBytes(w), false, false);
            for (Isa isa : isas()) {
                try (NativeWeights m = NativeWeights.f32(w, out, in, isa)) {
                    worst = Math.max(worst, check(m, x, reference, NativeWeights.Rounding.NONE, 0));
                }
            }
        }
        System.out.printf("F32 products: largest |native - numpy| / sum|x w| = %.3g%n", worst);
    }

    @Test
    void f16ProductsEqualNumpyWithAndWithoutRoundedActivations() throws Exception {
        double worst = 0;
        double worstRounded = 0;
        SplittableRandom random = new SplittableRandom(1816);
        for (int[] shape : SHAPES) {
            int out = shape[0];
            int in = shape[1];
            short[] w = halves(random, out * in);
            float[] x = gaussian(random, ROWS * in);
            byte[] wBytes = shortBytes(w);
            double[][] plain = numpy(out, in, x, wBytes, true, false);
            double[][] rounded = numpy(out, in, x, wBytes, true, true);
            for (Isa isa : isas()) {
                try (NativeWeights m = NativeWeights.f16(w, out, in, isa)) {
                    worst = Math.max(worst, check(m, x, plain, NativeWeights.Rounding.NONE, 0));
                    worstRounded = Math.max(worstRounded, check(m, x, rounded, NativeWeights.Rounding.X, 0));
                    // y rounded to F16 too: within one F16 rounding (2^-11 relative) of the rounded-x product
                    check(m, x, rounded, NativeWeights.Rounding.X_AND_Y, 0x1p-11);
                }
            }
        }
        System.out.printf("F16 products: largest |native - numpy| / sum|x w| = %.3g (x rounded to F16: %.3g)%n",
                worst, worstRounded);
    }

    /**
     * Runs rows 1..ROWS (arrays and direct buffers), checks each against numpy within the bound
     * (plus {@code extra} relative to |y| for a rounded result), and each row bit-identical to the
     * same row computed alone. Returns the largest error relative to sum |x w|.
     */
    private static double check(NativeWeights m, float[] x, double[][] reference, NativeWeights.Rounding rounding, double extra) {
        int out = m.out();
        int in = m.in();
        float[][] alone = new float[ROWS][out];
        for (int r = 0; r < ROWS; r++) {
            float[] xr = new float[in];
            System.arraycopy(x, r * in, xr, 0, in);
            m.multiply(xr, alone[r], 1, rounding);
        }
        double worst = 0;
        double bound = (in + 2) * 0x1p-24; // gamma_n with the horizontal sum's extra additions
        for (int rows = 1; rows <= ROWS; rows++) {
            float[] y = new float[rows * out];
            m.multiply(x, y, rows, rounding);
            float[] fromBuffers = viaBuffers(m, x, rows, rounding);
            assertArrayEquals(y, fromBuffers, "direct buffers give the arrays' result");
            for (int r = 0; r < rows; r++) {
                for (int o = 0; o < out; o++) {
                    float v = y[r * out + o];
                    assertEquals(Float.floatToRawIntBits(alone[r][o]), Float.floatToRawIntBits(v), m.isa() + " " + out
                            + "x" + in + ": row " + r + " of " + rows + " differs from the row alone at output " + o);
                    double expected = reference[0][r * out + o];
                    double scale = reference[1][r * out + o];
                    double error = Math.abs(v - expected);
                    assertTrue(error <= bound * scale + extra * Math.abs(expected) + Double.MIN_NORMAL, m.isa() + " "
                            + out + "x" + in + " " + rounding + ": y[" + r + ", " + o + "] = " + v + ", numpy " + expected);
                    if (scale > 0 && extra == 0) {
                        worst = Math.max(worst, error / scale);
                    }
                }
            }
        }
        return worst;
    }

    private static float[] viaBuffers(NativeWeights m, float[] x, int rows, NativeWeights.Rounding rounding) {
        ByteBuffer xb = ByteBuffer.allocateDirect(4 * rows * m.in()).order(ByteOrder.nativeOrder());
        xb.asFloatBuffer().put(x, 0, rows * m.in());
        ByteBuffer yb = ByteBuffer.allocateDirect(4 * rows * m.out()).order(ByteOrder.nativeOrder());
        m.multiply(xb, yb, rows, rounding);
        float[] y = new float[rows * m.out()];
        yb.asFloatBuffer().get(y);
        return y;
    }

    @Test
    void halfWideningEqualsNumpyAndHalfFloatsForEveryBitPattern() throws Exception {
        Path file = Files.createTempFile("lmlab-f16", ".bin");
        try {
            PythonReference.run("""
                    import sys
                    import numpy as np
                    np.arange(65536, dtype=np.uint32).astype(np.uint16).view(np.float16).astype(np.float32) \\
                        .view('<u4').tofile(sys.argv[1])
                    """, file.toString());
            ByteBuffer numpy = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            short[] all = new short[65536];
            for (int h = 0; h < all.length; h++) {
                all[h] = (short) h;
            }
            for (Isa isa : isas()) {
                float[] f = new float[all.length];
                NativeProducts.halvesToFloats(isa.ordinal(), all, f);
                int nans = 0;
                for (int h = 0; h < all.length; h++) {
                    int expected = numpy.getInt(4 * h);
                    int actual = Float.floatToRawIntBits(f[h]);
                    assertEquals(Float.floatToRawIntBits(HalfFloats.f16((short) h)), expected, "HalfFloats vs numpy");
                    if (Float.isNaN(Float.intBitsToFloat(expected))) {
                        // a signalling NaN comes back quiet from vcvtph2ps (the quiet bit set); payload kept
                        assertTrue(Float.isNaN(f[h]), isa + " half 0x" + Integer.toHexString(h));
                        assertEquals(expected | 0x00400000, actual | 0x00400000, isa + " NaN payload 0x" + Integer.toHexString(h));
                        nans++;
                    } else if (expected != actual) {
                        assertEquals(Integer.toHexString(expected), Integer.toHexString(actual), isa + " half 0x"
                                + Integer.toHexString(h));
                    }
                }
                assertEquals(2 * 1023, nans);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void roundingToHalfEqualsNumpysCast() throws Exception {
        // random bit patterns over the whole float range, plus the edges of F16: ties, subnormals, overflow
        SplittableRandom random = new SplittableRandom(65504);
        float[] values = new float[200_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 2 == 0 ? Float.intBitsToFloat(random.nextInt())
                    : (float) (random.nextGaussian() * Math.scalb(1.0, random.nextInt(-30, 18)));
        }
        float[] edges = {0f, -0f, 65504f, 65519.99f, 65520f, -65520f, 0x1p-14f, 0x1p-24f, 0x1p-25f, 0x1.8p-25f,
            0x1p-26f, 0x1.004p0f, 0x1.002p0f, 0x1.006p0f, 0x1.ffdp-15f, 0x1.ffep-15f, Float.MIN_VALUE,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE};
        System.arraycopy(edges, 0, values, 0, edges.length);
        Path in = Files.createTempFile("lmlab-round", ".bin");
        Path out = Files.createTempFile("lmlab-round", ".out");
        try {
            Files.write(in, floatBytes(values));
            PythonReference.run("""
                    import sys
                    import numpy as np
                    with np.errstate(over='ignore'):
                        np.fromfile(sys.argv[1], dtype='<f4').astype(np.float16).astype(np.float32).tofile(sys.argv[2])
                    """, in.toString(), out.toString());
            ByteBuffer numpy = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
            for (Isa isa : isas()) {
                float[] rounded = new float[values.length];
                NativeProducts.roundToHalf(isa.ordinal(), values, rounded);
                for (int i = 0; i < values.length; i++) {
                    float expected = numpy.getFloat(4 * i);
                    if (Float.isNaN(expected)) {
                        assertTrue(Float.isNaN(rounded[i]), isa + " " + values[i]);
                    } else {
                        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(rounded[i]),
                                isa + ": " + Float.toHexString(values[i]) + " -> " + expected + ", got " + rounded[i]);
                    }
                }
            }
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
        }
    }

    private static double[][] numpy(int out, int in, float[] x, byte[] w, boolean half, boolean roundX)
            throws IOException, InterruptedException {
        Path xf = Files.createTempFile("lmlab-x", ".bin");
        Path wf = Files.createTempFile("lmlab-w", ".bin");
        Path yf = Files.createTempFile("lmlab-y", ".bin");
        try {
            Files.write(xf, floatBytes(x));
            Files.write(wf, w);
            PythonReference.run(PRODUCT, Integer.toString(out), Integer.toString(in), Integer.toString(ROWS),
                    half ? "1" : "0", roundX ? "1" : "0", xf.toString(), wf.toString(), yf.toString());
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(yf)).order(ByteOrder.LITTLE_ENDIAN);
            double[][] result = new double[2][ROWS * out];
            for (double[] part : result) {
                b.asDoubleBuffer().get(part);
                b.position(b.position() + 8 * part.length);
            }
            return result;
        } finally {
            Files.deleteIfExists(xf);
            Files.deleteIfExists(wf);
            Files.deleteIfExists(yf);
        }
    }

    private static float[] gaussian(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    /** Random F16 weights: Gaussian values scaled like a model's (|w| mostly < 0.2), as F16 bits. */
    private static short[] halves(SplittableRandom random, int n) {
        short[] v = new short[n];
        for (int i = 0; i < n; i++) {
            float f = (float) (random.nextGaussian() * 0.05);
            // the nearest F16 below: truncate the float's mantissa to 10 bits (then an exact F16 value)
            int bits = Float.floatToRawIntBits(f);
            int sign = (bits >>> 16) & 0x8000;
            int exponent = ((bits >>> 23) & 0xff) - 112;
            v[i] = exponent <= 0 ? (short) sign : (short) (sign | exponent << 10 | (bits >>> 13) & 0x3ff);
        }
        return v;
    }

    private static byte[] floatBytes(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    private static byte[] shortBytes(short[] v) {
        ByteBuffer b = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asShortBuffer().put(v);
        return b.array();
    }
}
