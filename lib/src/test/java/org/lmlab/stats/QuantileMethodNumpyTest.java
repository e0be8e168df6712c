package org.lmlab.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lmlab.reference.PythonReference;

/**
 * {@link QuantileMethod#LINEAR}, the library's one type-7 quantile, against {@code numpy.quantile}
 * bit for bit, on samples spanning nine orders of magnitude, where the plain
 * {@code a + g (b - a)} form differs from numpy in the last bits (about 2 % of cases).
 */
class QuantileMethodNumpyTest {

    private static final String SCRIPT = """
            import json, sys
            import numpy as np
            d = json.load(open(sys.argv[1]))
            print(json.dumps({"q": [[float(v) for v in np.quantile(np.asarray(x, dtype=float), d["p"])]
                                    for x in d["samples"]]}))
            """;

    @Test
    void linearEqualsNumpyBitForBit() throws Exception {
        Random rng = new Random(20);
        double[][] samples = new double[300][];
        for (int i = 0; i < samples.length; i++) {
            double scale = Math.pow(10, -3 + 9 * rng.nextDouble());
            samples[i] = new double[1 + rng.nextInt(200)];
            for (int k = 0; k < samples[i].length; k++) {
                samples[i][k] = rng.nextGaussian() * scale;
            }
        }
        double[] p = new double[30];
        for (int k = 0; k < 20; k++) {
            p[k] = rng.nextDouble();
        }
        System.arraycopy(new double[] {0, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 0.95, 0.975, 1}, 0, p, 20, 10);
        JsonObject ref = PythonReference.runOnJson(SCRIPT, Map.of("samples", samples, "p", p));
        JsonArray q = ref.getAsJsonArray("q");
        int compared = 0;
        for (int i = 0; i < samples.length; i++) {
            double[] sorted = samples[i].clone();
            Arrays.sort(sorted);
            JsonArray expected = q.get(i).getAsJsonArray();
            for (int k = 0; k < p.length; k++) {
                double e = expected.get(k).getAsDouble();
                assertEquals(e, QuantileMethod.LINEAR.of(sorted, p[k]), 0.0, "sample " + i + " p=" + p[k]);
                // unsorted, with non-finite values mixed in: the same quantile of the finite ones
                double[] noisy = Arrays.copyOf(samples[i], samples[i].length + 3);
                noisy[noisy.length - 3] = Double.NaN;
                noisy[noisy.length - 2] = Double.POSITIVE_INFINITY;
                noisy[noisy.length - 1] = Double.NEGATIVE_INFINITY;
                assertEquals(e, QuantileMethod.LINEAR.ofFinite(noisy, p[k]), 0.0, "finite of sample " + i);
                compared++;
            }
        }
        assertEquals(9000, compared);
    }

    @Test
    void ofFiniteOfNothingFiniteIsNaNAndBadProbabilitiesAreRefused() {
        assertTrue(Double.isNaN(QuantileMethod.LINEAR.ofFinite(new double[] {Double.NaN}, 0.5)));
        assertTrue(Double.isNaN(QuantileMethod.LINEAR.ofFinite(new double[0], 0.5)));
        assertThrows(IllegalArgumentException.class, () -> QuantileMethod.LINEAR.ofFinite(new double[0], 1.5));
        assertThrows(IllegalArgumentException.class, () -> QuantileMethod.LINEAR.ofFinite(new double[] {1}, -0.1));
        assertThrows(IllegalArgumentException.class, () -> QuantileMethod.LINEAR.of(new double[0], 0.5));
    }
}
