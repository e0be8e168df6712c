package org.lmlab.plot.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lmlab.reference.PythonReference;
import org.lmlab.stats.QuantileMethod;

/**
 * The statistics behind histograms, ECDFs, box plots and violins, side by side with numpy and
 * scipy in the project's Python environment: one Python run computes every reference.
 */
class StatsReferenceTest {

    private static final Map<String, double[]> DATA = new LinkedHashMap<>();
    private static JsonObject reference;

    @BeforeAll
    static void computeReferences() throws Exception {
        Random random = new Random(20240611);
        DATA.put("normal1000", normal(random, 1000, 0, 1));
        DATA.put("lognormal5000", lognormal(random, 5000));
        DATA.put("uniform257", uniform(random, 257, -3, 7));
        DATA.put("small7", new double[] {3.5, -1.25, 0.0, 2.0, 9.75, 2.0, 4.5});
        DATA.put("ties", ties(random, 600));
        DATA.put("constant", new double[] {2.5, 2.5, 2.5, 2.5});
        DATA.put("edges", new double[] {0, 0.1, 0.2, 0.30000000000000004, 0.3, 0.7, 1.0, 0.9, 0.5, 0.6});
        DATA.put("bimodal", bimodal(random, 800));

        JsonObject data = new JsonObject();
        DATA.forEach((name, values) -> data.add(name, new Gson().toJsonTree(values)));
        Path input = Files.createTempFile("lmlab-plot-stats", ".json");
        try {
            Files.writeString(input, data.toString());
            String out = PythonReference.run(SCRIPT, input.toString());
            reference = new Gson().fromJson(out, JsonObject.class);
        } finally {
            Files.deleteIfExists(input);
        }
    }

    private static final String SCRIPT = """
            import json, sys
            import numpy as np
            from scipy.stats import gaussian_kde
            data = {k: np.array(v, dtype=float) for k, v in json.load(open(sys.argv[1])).items()}
            out = {}
            for name, x in data.items():
                r = {}
                for label, bins in (("fd", "fd"), ("ten", 10), ("one", 1)):
                    counts, edges = np.histogram(x, bins=bins)
                    dens, _ = np.histogram(x, bins=bins, density=True)
                    r["hist_" + label] = {"counts": counts.tolist(), "edges": edges.tolist(), "density": dens.tolist()}
                lo, hi = float(x.min()), float(x.max())
                explicit = np.linspace(lo - 0.3, hi + 0.1, 8)
                counts, _ = np.histogram(x, bins=explicit)
                r["hist_explicit"] = {"edges": explicit.tolist(), "counts": counts.tolist()}
                if x.min() > 0:
                    lc, le = np.histogram(np.log10(x), bins="fd")
                    r["hist_log_fd"] = {"counts": lc.tolist(), "edges": le.tolist()}
                qs = [0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1.0]
                r["percentiles"] = [float(np.percentile(x, q * 100)) for q in qs]
                xs = np.unique(x)
                r["ecdf_x"] = xs.tolist()
                r["ecdf_p"] = (np.searchsorted(np.sort(x), xs, side="right") / len(x)).tolist()
                q1, med, q3 = np.percentile(x, [25, 50, 75])
                iqr = q3 - q1
                inside = x[(x >= q1 - 1.5 * iqr) & (x <= q3 + 1.5 * iqr)]
                r["box"] = {"q1": float(q1), "median": float(med), "q3": float(q3),
                            "low": float(min(inside.min(), q1)), "high": float(max(inside.max(), q3)),
                            "outliers": np.sort(x[(x < q1 - 1.5 * iqr) | (x > q3 + 1.5 * iqr)]).tolist()}
                if np.ptp(x) > 0:
                    kde = gaussian_kde(x, bw_method="silverman")
                    h = float(np.sqrt(kde.covariance[0, 0]))
                    grid = np.linspace(lo - 2 * h, hi + 2 * h, 101)
                    r["kde"] = {"factor": float(kde.factor), "bandwidth": h, "grid": grid.tolist(),
                                "density": kde(grid).tolist()}
                out[name] = r
            print(json.dumps(out))
            """;

    @Test
    void histogramCountsAndEdgesEqualNumpy() {
        for (String name : DATA.keySet()) {
            double[] values = DATA.get(name);
            // numpy does not cap the Freedman–Diaconis count; lmlab's default caps it at MAX_AUTO_BINS
            check(name + " fd", Histogram.of(values, new Bins.FreedmanDiaconis(Integer.MAX_VALUE)), ref(name, "hist_fd"));
            Histogram capped = Histogram.of(values, Bins.freedmanDiaconis());
            int numpyBins = ref(name, "hist_fd").getAsJsonArray("counts").size();
            assertEquals(Math.min(numpyBins, Bins.MAX_AUTO_BINS), capped.size(), name + " fd capped");
            check(name + " bins=10", Histogram.of(values, Bins.count(10)), ref(name, "hist_ten"));
            check(name + " bins=1", Histogram.of(values, Bins.count(1)), ref(name, "hist_one"));
            JsonObject explicit = ref(name, "hist_explicit");
            Histogram h = Histogram.of(values, Bins.edges(doubles(explicit.get("edges"))));
            assertArrayEquals(longs(explicit.get("counts")), h.counts(), name + " explicit edges");
        }
    }

    private static void check(String what, Histogram h, JsonObject numpy) {
        assertArrayEquals(longs(numpy.get("counts")), h.counts(), what + ": counts");
        assertArrayEquals(doubles(numpy.get("edges")), h.edges(), 0.0, what + ": edges");
        double[] density = doubles(numpy.get("density"));
        double[] ours = h.density();
        for (int i = 0; i < density.length; i++) {
            assertEquals(density[i], ours[i], Math.abs(density[i]) * 1e-14, what + ": density[" + i + "]");
        }
    }

    @Test
    void logHistogramsBinLog10OfTheValuesLikeNumpy() {
        int checked = 0;
        for (String name : DATA.keySet()) {
            JsonObject r = reference.getAsJsonObject(name);
            if (!r.has("hist_log_fd")) {
                continue;
            }
            Histogram h = org.lmlab.plot.Plot.histogram().logX().bins(new Bins.FreedmanDiaconis(Integer.MAX_VALUE))
                    .series(name, DATA.get(name)).histograms().get(name);
            JsonObject numpy = r.getAsJsonObject("hist_log_fd");
            assertArrayEquals(longs(numpy.get("counts")), h.counts(), name + ": counts of log10 values");
            assertArrayEquals(doubles(numpy.get("edges")), h.edges(), 1e-15, name + ": log10 edges");
            checked++;
        }
        assertTrue(checked >= 2, "positive samples checked: " + checked);
    }

    @Test
    void freedmanDiaconisIsCappedForLongTails() {
        double[] values = new double[2000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 100;
        }
        values[0] = 1e7;
        Histogram h = Histogram.of(values, Bins.freedmanDiaconis());
        assertEquals(Bins.MAX_AUTO_BINS, h.size());
        assertEquals(values.length, h.total());
    }

    @Test
    void percentilesEqualNumpyLinear() {
        double[] qs = {0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1.0};
        for (String name : DATA.keySet()) {
            double[] sorted = DATA.get(name).clone();
            java.util.Arrays.sort(sorted);
            double[] expected = doubles(reference.getAsJsonObject(name).get("percentiles"));
            for (int i = 0; i < qs.length; i++) {
                assertEquals(expected[i], QuantileMethod.LINEAR.of(sorted, qs[i]), 0.0, name + " q=" + qs[i]);
            }
        }
    }

    @Test
    void ecdfEqualsSearchsorted() {
        for (String name : DATA.keySet()) {
            Ecdf ecdf = Ecdf.of(DATA.get(name));
            JsonObject r = reference.getAsJsonObject(name);
            assertArrayEquals(doubles(r.get("ecdf_x")), ecdf.x(), 0.0, name + ": distinct values");
            assertArrayEquals(doubles(r.get("ecdf_p")), ecdf.fraction(), 0.0, name + ": fractions");
            assertEquals(1.0, ecdf.fraction()[ecdf.fraction().length - 1]);
        }
    }

    @Test
    void boxStatsEqualNumpyTukey() {
        for (String name : DATA.keySet()) {
            BoxStats b = BoxStats.of(DATA.get(name));
            JsonObject r = ref(name, "box");
            assertEquals(r.get("q1").getAsDouble(), b.q1(), 0.0, name);
            assertEquals(r.get("median").getAsDouble(), b.median(), 0.0, name);
            assertEquals(r.get("q3").getAsDouble(), b.q3(), 0.0, name);
            assertEquals(r.get("low").getAsDouble(), b.whiskerLow(), 0.0, name);
            assertEquals(r.get("high").getAsDouble(), b.whiskerHigh(), 0.0, name);
            assertArrayEquals(doubles(r.get("outliers")), b.outliers(), 0.0, name);
        }
    }

    @Test
    void kdeMatchesScipySilverman() {
        double worst = 0;
        for (String name : DATA.keySet()) {
            JsonObject r = reference.getAsJsonObject(name);
            if (!r.has("kde")) {
                continue;
            }
            JsonObject k = r.getAsJsonObject("kde");
            double[] values = DATA.get(name);
            GaussianKde kde = GaussianKde.silverman(values);
            assertEquals(k.get("factor").getAsDouble(), GaussianKde.silvermanFactor(values.length),
                    k.get("factor").getAsDouble() * 1e-14, name + ": factor");
            assertEquals(k.get("bandwidth").getAsDouble(), kde.bandwidth(), k.get("bandwidth").getAsDouble() * 1e-12,
                    name + ": bandwidth");
            double[] grid = doubles(k.get("grid"));
            double[] expected = doubles(k.get("density"));
            double[] ours = kde.density(grid);
            for (int i = 0; i < grid.length; i++) {
                double rel = Math.abs(ours[i] - expected[i]) / expected[i];
                worst = Math.max(worst, rel);
                assertTrue(rel <= 1e-9, name + ": density at " + grid[i] + " = " + ours[i] + ", scipy " + expected[i]);
            }
        }
        System.out.println("KDE vs scipy gaussian_kde(bw_method='silverman'): max relative difference " + worst);
    }

    private static JsonObject ref(String name, String key) {
        return reference.getAsJsonObject(name).getAsJsonObject(key);
    }

    private static double[] doubles(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsDouble();
        }
        return out;
    }

    private static long[] longs(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsLong();
        }
        return out;
    }

    private static double[] normal(Random r, int n, double mean, double sd) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = mean + sd * r.nextGaussian();
        }
        return out;
    }

    private static double[] lognormal(Random r, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = Math.exp(1.5 * r.nextGaussian() + 3);
        }
        return out;
    }

    private static double[] uniform(Random r, int n, double lo, double hi) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = lo + (hi - lo) * r.nextDouble();
        }
        return out;
    }

    private static double[] ties(Random r, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.nextInt(12) * 0.5;
        }
        return out;
    }

    private static double[] bimodal(Random r, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = i % 3 == 0 ? 4 + 0.5 * r.nextGaussian() : r.nextGaussian();
        }
        return out;
    }
}
