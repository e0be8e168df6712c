package org.lmlab.model.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The native decode layers on random weights against a plain float64 decoder step written here
 * from the definitions (RMSNorm, q|k|v with bias, rotate-half rotation by the given cos/sin rows,
 * grouped-query attention over each row's own run of slots, SwiGLU MLP, residuals, final norm), on
 * every instruction-set path: 2 layers, 8 query heads over 2 key/value heads (on AVX2 a pass of 3
 * query heads and one of 1 over each key/value head), head width 8, three rows reading runs of 6, 3
 * and 8 slots that start at 0 and past it, one of them in a cache that does not rotate. Also checks
 * every cache entry (the slots written: raw and rotated keys, values; the others unchanged), and
 * that each row's result and cache are the same bit for bit alone and in the batch. Max |native -
 * float64| / max |value|: measured 2.1e-7 (AVX2 and scalar), asserted below 2e-6.
 */
class NativeDecodeLayersReferenceTest {

    static final int LAYERS = 2;
    static final int HIDDEN = 16;
    static final int HEADS = 8;
    static final int KV = 2;
    static final int D = 8;
    static final int INNER = 24;
    static final int CAPACITY = 8;
    static final float EPS = 1e-5f;
    static final float SCALE = 0.35f;
    static final int QKV = (HEADS + 2 * KV) * D;
    static final int ALL = HEADS + KV;

    /** Row r: {slot, from, to}; row 2's cache does not rotate. */
    static final int[][] ROWS = {{5, 0, 6}, {3, 1, 4}, {7, 0, 8}};

    static float[][] qkv = new float[LAYERS][];
    static float[][] bias = new float[LAYERS][];
    static float[][] out = new float[LAYERS][];
    static float[][] gateUp = new float[LAYERS][];
    static float[][] down = new float[LAYERS][];
    static float[][] inNorm = new float[LAYERS][];
    static float[][] postNorm = new float[LAYERS][];
    static float[] finalNorm;
    static float[][] embeddings = new float[ROWS.length][];
    static float[] cos = new float[ROWS.length * ALL * D];
    static float[] sin = new float[ROWS.length * ALL * D];
    /** Per row: raw keys, rotated keys (null for row 2), values, each [layers, kv, capacity, d]. */
    static float[][][] caches = new float[ROWS.length][][];

    @BeforeAll
    static void weights() {
        NativeProductsNumpyTest.requireLibrary();
        Random random = new Random(11);
        for (int l = 0; l < LAYERS; l++) {
            qkv[l] = values(random, QKV * HIDDEN, 0.3);
            bias[l] = values(random, QKV, 0.2);
            out[l] = values(random, HIDDEN * HEADS * D, 0.3);
            gateUp[l] = values(random, 2 * INNER * HIDDEN, 0.3);
            down[l] = values(random, HIDDEN * INNER, 0.3);
            inNorm[l] = positive(random, HIDDEN);
            postNorm[l] = positive(random, HIDDEN);
        }
        finalNorm = positive(random, HIDDEN);
        int cacheSize = LAYERS * KV * CAPACITY * D;
        for (int r = 0; r < ROWS.length; r++) {
            embeddings[r] = values(random, HIDDEN, 1.0);
            caches[r] = new float[][] {values(random, cacheSize, 1.0), r == 2 ? null : values(random, cacheSize, 1.0),
                values(random, cacheSize, 1.0)};
            for (int j = 0; j < D; j++) {
                double angle = (ROWS[r][0] + 1) * Math.pow(100.0, -(j % (D / 2)) / (D / 2.0));
                for (int h = 0; h < ALL; h++) {
                    int at = (r * ALL + h) * D + j;
                    cos[at] = (float) Math.cos(angle);
                    sin[at] = (float) (j < D / 2 ? -Math.sin(angle) : Math.sin(angle));
                }
            }
        }
    }

    static float[] values(Random random, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextGaussian() * scale);
        }
        return v;
    }

    static float[] positive(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (0.5 + random.nextDouble());
        }
        return v;
    }

    @Test
    void everyPathMatchesTheFloat64StepAndRowsDoNotDependOnTheBatch() {
        double[][] hidden = new double[ROWS.length][];
        double[][][] cacheRef = new double[ROWS.length][][];
        for (int r = 0; r < ROWS.length; r++) {
            cacheRef[r] = new double[3][];
            for (int t = 0; t < 3; t++) {
                cacheRef[r][t] = caches[r][t] == null ? null : toDouble(caches[r][t]);
            }
            hidden[r] = reference(r, cacheRef[r]);
        }
        for (Isa isa : Isa.values()) {
            if (isa.ordinal() > NativeProducts.bestIsa().ordinal()) {
                continue;
            }
            Run batch = new Run(isa, new int[] {0, 1, 2});
            double worst = 0;
            for (int r = 0; r < ROWS.length; r++) {
                worst = Math.max(worst, relative(batch.hidden[r], hidden[r]));
                for (int t = 0; t < 3; t++) {
                    if (caches[r][t] != null) {
                        worst = Math.max(worst, relative(batch.written[r][t], cacheRef[r][t]));
                    }
                }
                Run alone = new Run(isa, new int[] {r});
                assertArrayEquals(alone.hidden[0], batch.hidden[r], isa + " row " + r + ": alone vs batch");
                for (int t = 0; t < 3; t++) {
                    if (caches[r][t] != null) {
                        assertArrayEquals(alone.written[0][t], batch.written[r][t], isa + " row " + r + " cache " + t);
                    }
                }
            }
            System.out.printf("native decode layers, %s: max |native - float64| / max |value| = %.3g%n", isa, worst);
            assertTrue(worst < 2e-6, isa + ": " + worst);
        }
    }

    /** One native step for the given rows (each on fresh copies of its cache). */
    static final class Run {
        final float[][] hidden;
        final float[][][] written;

        Run(Isa isa, int[] rows) {
            int n = rows.length;
            List<NativeWeights> matrices = new ArrayList<>();
            List<NativeDecodeLayers.Layer> layers = new ArrayList<>();
            for (int l = 0; l < LAYERS; l++) {
                NativeWeights[] m = {NativeWeights.f32(qkv[l], QKV, HIDDEN, isa), NativeWeights.f32(out[l], HIDDEN, HEADS * D, isa),
                    NativeWeights.f32(gateUp[l], 2 * INNER, HIDDEN, isa), NativeWeights.f32(down[l], HIDDEN, INNER, isa)};
                matrices.addAll(List.of(m));
                layers.add(new NativeDecodeLayers.Layer(direct(inNorm[l]), m[0], direct(bias[l]), m[1], direct(postNorm[l]),
                        m[2], m[3]));
            }
            NativeDecodeLayers.Dims dims = new NativeDecodeLayers.Dims(LAYERS, HIDDEN, HEADS, KV, D, INNER, EPS);
            ByteBuffer x = ByteBuffer.allocateDirect(4 * n * HIDDEN).order(ByteOrder.nativeOrder());
            float[] c = new float[n * ALL * D];
            float[] s = new float[n * ALL * D];
            List<NativeDecodeLayers.Row> list = new ArrayList<>();
            ByteBuffer[][] buffers = new ByteBuffer[n][3];
            for (int i = 0; i < n; i++) {
                int r = rows[i];
                x.asFloatBuffer().put(i * HIDDEN, embeddings[r]);
                System.arraycopy(cos, r * ALL * D, c, i * ALL * D, ALL * D);
                System.arraycopy(sin, r * ALL * D, s, i * ALL * D, ALL * D);
                for (int t = 0; t < 3; t++) {
                    buffers[i][t] = caches[r][t] == null ? null : direct(caches[r][t]);
                }
                list.add(new NativeDecodeLayers.Row(new NativeDecodeLayers.Cache(buffers[i][0], buffers[i][1], buffers[i][2],
                        CAPACITY), ROWS[r][0], ROWS[r][1], ROWS[r][2]));
            }
            try (NativeDecodeLayers step = NativeDecodeLayers.of(dims, layers, direct(finalNorm), NativeWeights.Rounding.NONE)) {
                step.step(x, c, s, list, SCALE, true);
            } finally {
                matrices.forEach(NativeWeights::close);
            }
            hidden = new float[n][HIDDEN];
            written = new float[n][3][];
            for (int i = 0; i < n; i++) {
                x.asFloatBuffer().get(i * HIDDEN, hidden[i]);
                for (int t = 0; t < 3; t++) {
                    if (buffers[i][t] != null) {
                        FloatBuffer f = buffers[i][t].asFloatBuffer();
                        written[i][t] = new float[f.capacity()];
                        f.get(0, written[i][t]);
                    }
                }
            }
        }
    }

    static ByteBuffer direct(float[] v) {
        ByteBuffer b = ByteBuffer.allocateDirect(4 * v.length).order(ByteOrder.nativeOrder());
        b.asFloatBuffer().put(v);
        return b;
    }

    /** The float64 step of row r; writes its cache slots into {@code cache} (raw, rotated or null, values). */
    static double[] reference(int r, double[][] cache) {
        int slot = ROWS[r][0];
        int from = ROWS[r][1];
        int to = ROWS[r][2];
        double[] x = toDouble(embeddings[r]);
        for (int l = 0; l < LAYERS; l++) {
            double[] y = product(qkv[l], norm(x, inNorm[l]), QKV, HIDDEN);
            for (int i = 0; i < QKV; i++) {
                y[i] += bias[l][i];
            }
            double[] rotated = new double[ALL * D];
            for (int h = 0; h < ALL; h++) {
                for (int j = 0; j < D; j++) {
                    int at = (r * ALL + h) * D + j;
                    int swap = h * D + (j < D / 2 ? j + D / 2 : j - D / 2);
                    rotated[h * D + j] = y[h * D + j] * cos[at] + y[swap] * sin[at];
                }
            }
            double[] keys = cache[1] == null ? cache[0] : cache[1];
            for (int h = 0; h < KV; h++) {
                for (int j = 0; j < D; j++) {
                    int at = ((l * KV + h) * CAPACITY + slot) * D + j;
                    keys[at] = rotated[(HEADS + h) * D + j];
                    if (cache[1] != null) {
                        cache[0][at] = y[(HEADS + h) * D + j];
                    }
                    cache[2][at] = y[(HEADS + KV + h) * D + j];
                }
            }
            double[] attention = new double[HEADS * D];
            for (int h = 0; h < HEADS; h++) {
                int kv = h / (HEADS / KV);
                double[] p = new double[to - from];
                double max = Double.NEGATIVE_INFINITY;
                for (int k = from; k < to; k++) {
                    double dot = 0;
                    for (int j = 0; j < D; j++) {
                        dot += rotated[h * D + j] * keys[((l * KV + kv) * CAPACITY + k) * D + j];
                    }
                    p[k - from] = dot * SCALE;
                    max = Math.max(max, p[k - from]);
                }
                double sum = 0;
                for (int k = 0; k < p.length; k++) {
                    p[k] = Math.exp(p[k] - max);
                    sum += p[k];
                }
                for (int k = from; k < to; k++) {
                    for (int j = 0; j < D; j++) {
                        attention[h * D + j] += p[k - from] / sum * cache[2][((l * KV + kv) * CAPACITY + k) * D + j];
                    }
                }
            }
            add(x, product(out[l], attention, HIDDEN, HEADS * D));
            double[] gu = product(gateUp[l], norm(x, postNorm[l]), 2 * INNER, HIDDEN);
            double[] act = new double[INNER];
            for (int i = 0; i < INNER; i++) {
                act[i] = gu[i] / (1 + Math.exp(-gu[i])) * gu[INNER + i];
            }
            add(x, product(down[l], act, HIDDEN, INNER));
        }
        return norm(x, finalNorm);
    }

    static double[] norm(double[] x, float[] w) {
        double sum = 0;
        for (double v : x) {
            sum += v * v;
        }
        double root = Math.sqrt(sum / x.length + EPS);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] / root * w[i];
        }
        return y;
    }

    static double[] product(float[] w, double[] x, int rows, int cols) {
        double[] y = new double[rows];
        for (int o = 0; o < rows; o++) {
            for (int i = 0; i < cols; i++) {
                y[o] += w[o * cols + i] * x[i];
            }
        }
        return y;
    }

    static void add(double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            x[i] += y[i];
        }
    }

    static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    static double relative(float[] a, double[] b) {
        assertEquals(b.length, a.length);
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return diff / scale;
    }

}
