package org.lmlab.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.nio.DoubleBuffer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lmlab.model.engine.DjlRuntime;
import org.lmlab.training.position.PositionEncoding;

/**
 * The autograd gradient of the loss against central finite differences, (L(θ+h) − L(θ−h)) / 2h
 * with h = 1e-6, in float64, for every encoding, on a 2-layer model of width 8 with padding and
 * unscored targets. Values are drawn wider than the training init (σ 0.5) so every nonlinearity
 * is exercised; 4 entries of every tensor are checked.
 */
class GradientCheckTest {

    static final double H = 1e-6;

    @Test
    void gradientsMatchCentralDifferencesForEveryEncoding() {
        Engine engine = DjlRuntime.pytorch();
        Batch batch = TinyModels.paddedBatch();
        StringBuilder report = new StringBuilder();
        for (PositionEncoding encoding : TinyModels.encodings()) {
            TransformerConfig config = TinyModels.config(encoding, 2).withTiedEmbeddings(false);
            try (Transformer model = Transformer.of(config, DataType.FLOAT64, TinyModels.wide(config, 7))) {
                Map<String, double[]> analytic = new LinkedHashMap<>();
                try (NDScope scope = new NDScope(); GradientCollector collector = engine.newGradientCollector()) {
                    collector.backward(model.loss(batch));
                }
                model.parameters().forEach((name, p) -> {
                    try (NDScope scope = new NDScope()) {
                        analytic.put(name, p.getGradient().toDoubleArray());
                    }
                });
                double worstRelative = 0;
                double worstAbsolute = 0;
                double largest = 0;
                int checked = 0;
                Random pick = new Random(3);
                for (Map.Entry<String, NDArray> e : model.parameters().entrySet()) {
                    NDArray p = e.getValue();
                    double[] values = p.toDoubleArray();
                    for (int k = 0; k < 4; k++) {
                        int i = pick.nextInt(values.length);
                        double numeric = centralDifference(model, batch, p, values, i);
                        double a = analytic.get(e.getKey())[i];
                        worstAbsolute = Math.max(worstAbsolute, Math.abs(a - numeric));
                        largest = Math.max(largest, Math.abs(numeric));
                        worstRelative = Math.max(worstRelative,
                                Math.abs(a - numeric) / Math.max(1e-6, Math.abs(a) + Math.abs(numeric)));
                        checked++;
                    }
                }
                report.append(String.format(Locale.ROOT, "%-10s %d entries, max |g - fd| %.2e (largest |g| %.2e),"
                        + " max |g - fd| / (|g| + |fd|) %.2e%n", encoding.name(), checked, worstAbsolute, largest,
                        worstRelative));
                assertTrue(largest > 1e-3, encoding.name() + ": gradients too small to test anything: " + largest);
                assertTrue(worstRelative < 1e-6, encoding.name() + ": relative error " + worstRelative);
            }
        }
        System.out.print(report);
    }

    private static double centralDifference(Transformer model, Batch batch, NDArray p, double[] values, int i) {
        double saved = values[i];
        values[i] = saved + H;
        p.set(DoubleBuffer.wrap(values));
        double plus = model.evaluate(batch);
        values[i] = saved - H;
        p.set(DoubleBuffer.wrap(values));
        double minus = model.evaluate(batch);
        values[i] = saved;
        p.set(DoubleBuffer.wrap(values));
        return (plus - minus) / (2 * H);
    }
}
