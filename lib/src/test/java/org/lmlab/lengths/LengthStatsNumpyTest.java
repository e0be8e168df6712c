package org.lmlab.lengths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lmlab.lengths.castillo.CastilloReader;
import org.lmlab.lengths.castillo.CastilloRow;
import org.lmlab.reference.PythonReference;
import org.lmlab.stats.QuantileMethod;

/**
 * {@link LengthStats} side by side with numpy: every (model, dataset) group of CASTILLO (numpy reads
 * the JSON Lines file itself), and random samples with ties for every quantile method.
 */
class LengthStatsNumpyTest {

    static final Path CASTILLO = PythonReference.root().resolve("datasets/castillo/castillo_test.jsonl");
    static final double[] PROBS = {0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1};
    static final double REL = 1e-9;

    private static JsonObject reference;
    private static double[][] random;

    private static final String SCRIPT = """
            import json, sys
            import numpy as np
            probs = json.loads(sys.argv[2])
            methods = ["linear", "lower", "higher", "nearest", "midpoint"]
            def stats(x):
                x = np.asarray(x, dtype=float)
                return {"count": int(x.size), "mean": float(np.mean(x)),
                        "sd0": float(np.std(x, ddof=0)), "sd1": float(np.std(x, ddof=1)),
                        "min": float(x.min()), "max": float(x.max()),
                        "q": {m: [float(v) for v in np.quantile(x, probs, method=m)] for m in methods}}
            groups = {}
            with open(sys.argv[1]) as f:
                for line in f:
                    r = json.loads(line)
                    groups.setdefault(r["model"] + "/" + r["dataset"], []).extend(r["output_sizes"])
            random = json.load(open(sys.argv[3]))
            print(json.dumps({"groups": {k: stats(v) for k, v in groups.items()},
                              "random": [stats(v) for v in random]}))
            """;

    @BeforeAll
    static void computeReferences() throws Exception {
        Random rng = new Random(6);
        random = new double[40][];
        for (int i = 0; i < random.length; i++) {
            int n = 1 + rng.nextInt(i < 20 ? 12 : 400);
            random[i] = new double[n];
            for (int j = 0; j < n; j++) {
                random[i][j] = i % 2 == 0 ? rng.nextInt(30) : Math.exp(5 + 2 * rng.nextGaussian());
            }
        }
        Path input = Files.createTempFile("lmlab-lengths", ".json");
        try {
            Files.writeString(input, new Gson().toJson(random));
            String out = PythonReference.run(SCRIPT, CASTILLO.toString(), new Gson().toJson(PROBS), input.toString());
            reference = new Gson().fromJson(out, JsonObject.class);
        } finally {
            Files.deleteIfExists(input);
        }
    }

    @Test
    void everyCastilloModelDatasetGroupMatchesNumpy() {
        List<CastilloRow> rows = CastilloReader.read(CASTILLO);
        Map<CastilloRow.ModelDataset, LengthStats> groups =
                LengthStats.byGroup(rows, CastilloRow::modelDataset, CastilloRow::lengths);
        JsonObject ref = reference.getAsJsonObject("groups");
        assertEquals(91, groups.size());
        assertEquals(ref.size(), groups.size());
        double worst = 0;
        for (Map.Entry<CastilloRow.ModelDataset, LengthStats> e : groups.entrySet()) {
            worst = Math.max(worst, compare(e.getKey().toString(), e.getValue(),
                    ref.getAsJsonObject(e.getKey().toString()), false));
        }
        System.out.printf(Locale.ROOT, "CASTILLO 91 groups vs numpy: worst relative difference %.3g%n", worst);
    }

    @Test
    void randomSamplesMatchNumpyForEveryQuantileMethod() {
        JsonArray ref = reference.getAsJsonArray("random");
        double worst = 0;
        for (int i = 0; i < random.length; i++) {
            worst = Math.max(worst, compare("random " + i, LengthStats.of(random[i]),
                    ref.get(i).getAsJsonObject(), true));
        }
        System.out.printf(Locale.ROOT, "40 random samples vs numpy: worst relative difference %.3g%n", worst);
    }

    /** Asserts and returns the worst relative difference; quantiles of all methods when {@code allMethods}. */
    private static double compare(String label, LengthStats s, JsonObject r, boolean allMethods) {
        assertEquals(r.get("count").getAsInt(), s.count(), label);
        assertEquals(r.get("min").getAsDouble(), s.min(), label);
        assertEquals(r.get("max").getAsDouble(), s.max(), label);
        double worst = 0;
        worst = Math.max(worst, rel(label + " mean", r.get("mean").getAsDouble(), s.mean()));
        worst = Math.max(worst, rel(label + " sd0", r.get("sd0").getAsDouble(), s.sd(Dispersion.POPULATION)));
        if (s.count() > 1) {
            worst = Math.max(worst, rel(label + " sd1", r.get("sd1").getAsDouble(), s.sd(Dispersion.SAMPLE)));
        }
        JsonObject q = r.getAsJsonObject("q");
        for (QuantileMethod m : allMethods ? QuantileMethod.values() : new QuantileMethod[] {QuantileMethod.LINEAR}) {
            JsonArray expected = q.getAsJsonArray(m.name().toLowerCase(Locale.ROOT));
            for (int k = 0; k < PROBS.length; k++) {
                String what = label + " " + m + " p=" + PROBS[k];
                double e = expected.get(k).getAsDouble();
                double a = s.quantile(PROBS[k], m);
                if (m == QuantileMethod.LINEAR || m == QuantileMethod.MIDPOINT) {
                    worst = Math.max(worst, rel(what, e, a));
                } else {
                    assertEquals(e, a, what); // an order statistic: exactly the same element
                }
            }
        }
        return worst;
    }

    private static double rel(String what, double expected, double actual) {
        double d = expected == actual ? 0 : Math.abs(actual - expected) / Math.max(Math.abs(expected), Double.MIN_NORMAL);
        assertTrue(d <= REL, what + ": numpy " + expected + ", lmlab " + actual + " (relative " + d + ")");
        return d;
    }
}
