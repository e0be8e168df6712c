package org.lmlab.training.position;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lmlab.model.engine.DjlRuntime;
import org.lmlab.model.llama.RotateHalf;
import org.lmlab.training.TinyModels;
import org.lmlab.training.Transformer;

/** Each encoding's defining property, checked against the papers' values or by hand. */
class PositionEncodingTest {

    private static NDManager manager() {
        return NDManager.newBaseManager(DjlRuntime.pytorch().getEngineName());
    }

    @Test
    void ropeScoresDependOnlyOnTheRelativeOffset() {
        int t = 40;
        int d = 16;
        try (NDManager m = manager()) {
            PositionTerms terms = Rotary.standard().terms(new PositionPass(m, t, d * 2, 2, DataType.FLOAT64, Map.of()));
            Random r = new Random(1);
            double[] q = new double[d];
            double[] k = new double[d];
            for (int i = 0; i < d; i++) {
                q[i] = r.nextGaussian();
                k[i] = r.nextGaussian();
            }
            // the same query and key vector at every position, rotated there: S[m][n] = R_m q · R_n k
            NDArray qs = RotateHalf.rotate(m.create(q, new Shape(1, d)).repeat(0, t), terms.cos(), terms.sin());
            NDArray ks = RotateHalf.rotate(m.create(k, new Shape(1, d)).repeat(0, t), terms.cos(), terms.sin());
            double[] s = qs.matMul(ks.transpose()).toDoubleArray();
            double spread = 0;
            double worst = 0;
            for (int offset = -(t - 1); offset < t; offset++) {
                double first = Double.NaN;
                for (int i = Math.max(0, offset); i < t && i - offset < t; i++) {
                    double v = s[i * t + (i - offset)];
                    if (Double.isNaN(first)) {
                        first = v;
                    }
                    worst = Math.max(worst, Math.abs(v - first));
                }
                spread = Math.max(spread, Math.abs(first - s[0]));
            }
            assertTrue(worst < 1e-12, "scores at one offset differ by " + worst);
            assertTrue(spread > 0.1, "scores should differ between offsets: " + spread);
        }
    }

    @Test
    void alibiSlopesAreThePapers() {
        AlibiBias alibi = AlibiBias.paper();
        // Press et al.: for 8 heads 1/2, 1/4, ..., 1/256
        assertArrayEquals(new double[] {1 / 2.0, 1 / 4.0, 1 / 8.0, 1 / 16.0, 1 / 32.0, 1 / 64.0, 1 / 128.0, 1 / 256.0},
                alibi.slopes(8), 0);
        // 12 heads (the paper's rule for other counts): the 8-head slopes, then every other slope of 16 heads
        // (2^-0.5, 2^-1.5, 2^-2.5, 2^-3.5)
        double r = Math.sqrt(0.5);
        assertArrayEquals(new double[] {1 / 2.0, 1 / 4.0, 1 / 8.0, 1 / 16.0, 1 / 32.0, 1 / 64.0, 1 / 128.0, 1 / 256.0,
                r, r / 2, r / 4, r / 8}, alibi.slopes(12), 1e-15);
        // 6 heads: 4-head slopes 2^-2, 2^-4, 2^-6, 2^-8, then 2^-1, 2^-3 from 8 heads
        assertArrayEquals(new double[] {1 / 4.0, 1 / 16.0, 1 / 64.0, 1 / 256.0, 1 / 2.0, 1 / 8.0}, alibi.slopes(6), 0);
    }

    @Test
    void alibiBiasIsMinusSlopeTimesDistance() {
        int t = 7;
        try (NDManager m = manager()) {
            double[] bias = AlibiBias.paper().terms(new PositionPass(m, t, 16, 4, DataType.FLOAT64, Map.of())).bias()
                    .toDoubleArray();
            double[] slopes = {1 / 4.0, 1 / 16.0, 1 / 64.0, 1 / 256.0};
            for (int h = 0; h < 4; h++) {
                for (int i = 0; i < t; i++) {
                    for (int j = 0; j <= i; j++) {
                        assertEquals(-slopes[h] * (i - j), bias[(h * t + i) * t + j], 0, "head " + h);
                    }
                }
            }
        }
    }

    @Test
    void t5BucketsFollowTheT5Formula() {
        T5Bias t5 = T5Bias.t5();
        // by hand: n < 16 exact; else 16 + floor(16 · ln(n/16) / ln(128/16)), at most 31
        int[][] byHand = {{0, 0}, {1, 1}, {15, 15}, {16, 16}, {20, 17}, {32, 21}, {64, 26}, {100, 30}, {127, 31},
                {128, 31}, {1000, 31}};
        for (int[] c : byHand) {
            assertEquals(c[1], t5.bucket(c[0]), "distance " + c[0]);
        }
        for (int n = 0; n <= 400; n++) {
            int expected = n < 16 ? n : Math.min(31, 16 + (int) Math.floor(Math.log(n / 16.0) / Math.log(8) * 16));
            assertEquals(expected, t5.bucket(n), "distance " + n);
        }
        // keys after the query (masked anyway) fall in bucket 0, as T5's unidirectional form
        assertEquals(0, t5.bucket(-5));
        // 4 buckets up to 8: 0, 1 exact; 2 + floor(2 · ln(n/2) / ln 4)
        T5Bias small = new T5Bias(4, 8);
        int[] expectedSmall = {0, 1, 2, 2, 3, 3, 3, 3, 3, 3};
        for (int n = 0; n < expectedSmall.length; n++) {
            assertEquals(expectedSmall[n], small.bucket(n), "distance " + n);
        }
    }

    @Test
    void t5BiasReadsTheTableRowOfEachBucket() {
        int t = 9;
        int heads = 2;
        T5Bias t5 = new T5Bias(4, 8);
        try (NDManager m = manager()) {
            double[] table = {0.1, -0.1, 0.2, -0.2, 0.3, -0.3, 0.4, -0.4}; // [bucket][head]
            NDArray weights = m.create(table, new Shape(4, heads));
            double[] bias = t5.terms(new PositionPass(m, t, 8, heads, DataType.FLOAT64,
                    Map.of(T5Bias.TABLE, weights))).bias().toDoubleArray();
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < t; i++) {
                    for (int j = 0; j < t; j++) {
                        assertEquals(table[t5.bucket(i - j) * heads + h], bias[(h * t + i) * t + j], 0);
                    }
                }
            }
        }
    }

    @Test
    void sinusoidalPositionsAreVaswanis() {
        double[] pe = Sinusoidal.vaswani().table(3, 4);
        // PE(pos, 2i) = sin(pos / 10000^(2i/4)), PE(pos, 2i+1) = cos(...): row 1 is sin 1, cos 1, sin 0.01, cos 0.01
        assertArrayEquals(new double[] {0, 1, 0, 1}, java.util.Arrays.copyOfRange(pe, 0, 4), 0);
        assertArrayEquals(new double[] {Math.sin(1), Math.cos(1), Math.sin(0.01), Math.cos(0.01)},
                java.util.Arrays.copyOfRange(pe, 4, 8), 1e-15);
        assertEquals(Math.sin(0.02), pe[10], 1e-15);
    }

    @Test
    void nopeHasNoPositionInput() {
        try (NDManager m = manager()) {
            assertTrue(new NoPositions().terms(new PositionPass(m, 5, 8, 2, DataType.FLOAT32, Map.of())).isEmpty());
        }
        assertTrue(new NoPositions().parameters(8, 2, 8).isEmpty());
        // so a one-layer NoPE model's last prediction ignores the order of the earlier tokens (attention of the
        // last query is a weighted sum over a set); with RoPE the order matters
        int[] tokens = {3, 7, 1, 9, 4, 2};
        int[] permuted = {9, 1, 4, 7, 3, 2};
        assertArrayEquals(lastLogits(new NoPositions(), tokens), lastLogits(new NoPositions(), permuted), 1e-5f);
        float[] rope = lastLogits(Rotary.standard(), tokens);
        float[] ropePermuted = lastLogits(Rotary.standard(), permuted);
        double diff = 0;
        for (int i = 0; i < rope.length; i++) {
            diff = Math.max(diff, Math.abs(rope[i] - ropePermuted[i]));
        }
        assertTrue(diff > 1e-2, "RoPE should see the order: " + diff);
    }

    @Test
    void learnedAbsolutePositionsRefuseInputsBeyondTheirTable() {
        try (Transformer model = Transformer.initialize(TinyModels.config(new LearnedAbsolute(0), 1), 1,
                DataType.FLOAT32)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.logits(new int[9]));
            assertTrue(e.getMessage().contains("cover 8 positions"), e.getMessage());
        }
    }

    @Test
    void namesParseAndUnknownOnesAreRefused() {
        for (String name : PositionEncoding.NAMES) {
            PositionEncoding e = PositionEncoding.parse(name);
            assertEquals(name, e.name());
            assertEquals(e, PositionEncoding.fromJson(e.toJson()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PositionEncoding.parse("xpos"));
        assertTrue(e.getMessage().contains("nope, absolute, sinusoidal, t5, alibi, rope"), e.getMessage());
        assertFalse(PositionEncoding.parse("t5").inference().isPresent());
    }

    private static float[] lastLogits(PositionEncoding encoding, int[] tokens) {
        var config = TinyModels.config(encoding, 1);
        try (Transformer model = Transformer.of(config, DataType.FLOAT32, TinyModels.wide(config, 5))) {
            float[][] logits = model.logits(tokens);
            return logits[logits.length - 1];
        }
    }
}
