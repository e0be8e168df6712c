package org.lmlab.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.lmlab.training.position.AlibiBias;
import org.lmlab.training.position.LearnedAbsolute;
import org.lmlab.training.position.NoPositions;
import org.lmlab.training.position.PositionEncoding;
import org.lmlab.training.position.Rotary;
import org.lmlab.training.position.Sinusoidal;
import org.lmlab.training.position.T5Bias;

/** Tiny models and data for the trainer's tests: seconds, not minutes. */
public final class TinyModels {

    public static final int VOCAB = 11;

    private TinyModels() {
    }

    /** One of each encoding; T5 with 4 buckets up to distance 8 so short inputs reach its log buckets. */
    public static List<PositionEncoding> encodings() {
        return List.of(new NoPositions(), new LearnedAbsolute(0), Sinusoidal.vaswani(), new T5Bias(4, 8),
                AlibiBias.paper(), Rotary.standard());
    }

    /** Width 8, 2 heads of 4, MLP 12, context 8. */
    public static TransformerConfig config(PositionEncoding positions, int layers) {
        return new TransformerConfig(VOCAB, 8, layers, 2, 12, 8, positions, true, 1e-5);
    }

    /** Two rows of 6: the second with 4 real tokens, and a few unscored targets. */
    public static Batch paddedBatch() {
        int[][] in = {{1, 5, 2, 9, 3, 3}, {4, 0, 10, 7, 6, 6}};
        int[][] out = {{5, 2, -1, 3, 3, 8}, {-1, 10, 7, 2, 1, 1}};
        return new Batch(in, out, new int[] {6, 4});
    }

    /** Random next-token windows of {@code time} + 1 tokens from a fixed-by-seed stream with structure. */
    public static BatchSource counting(int rows, int time, long seed) {
        return step -> {
            Random r = new Random(seed * 31 + step);
            int[][] windows = new int[rows][time + 1];
            for (int b = 0; b < rows; b++) {
                int start = r.nextInt(VOCAB);
                int stride = 1 + r.nextInt(2);
                for (int i = 0; i <= time; i++) {
                    windows[b][i] = (start + stride * i) % VOCAB;
                }
            }
            return Batch.nextToken(windows);
        };
    }

    /** Normal(0, 0.5) everywhere, RMSNorm weights 1 + Normal(0, 0.1). */
    public static Map<String, double[]> wide(TransformerConfig config, long seed) {
        Random r = new Random(seed);
        Map<String, double[]> values = new LinkedHashMap<>();
        config.tensorShapes().forEach((name, shape) -> {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            double[] v = new double[(int) n];
            boolean norm = name.endsWith("norm.weight");
            for (int i = 0; i < v.length; i++) {
                v[i] = norm ? 1 + 0.1 * r.nextGaussian() : 0.5 * r.nextGaussian();
            }
            values.put(name, v);
        });
        return values;
    }
}
