package org.lmlab.lengths.follow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lmlab.lengths.castillo.CastilloReader;
import org.lmlab.lengths.castillo.CastilloRow;
import org.lmlab.reference.PythonReference;

/**
 * Length following and prediction metrics side by side with Python: Kendall's τ-b with
 * {@code scipy.stats.kendalltau}, MAE / within-k / bucket accuracy with numpy, and the Ruler and LongWriter scores
 * with a pandas/numpy implementation of the published rules.
 */
class LengthFollowingTest {

    private static final String SCRIPT = """
            import json, sys
            import numpy as np, pandas as pd
            from scipy import stats
            d = json.load(open(sys.argv[1]))
            out = {"tau": {}, "errors": {}}
            for k, v in d["pairs"].items():
                p, a = np.asarray(v[0]), np.asarray(v[1])
                out["tau"][k] = float(stats.kendalltau(p, a).statistic)
                out["errors"][k] = {"mae": float(np.mean(np.abs(p - a))),
                                    "within50": float(np.mean(np.abs(p - a) <= 50)),
                                    "bucket": float(np.mean(np.abs(np.floor(p / 100) - np.floor(a / 100)) <= 1))}
            bounds = {"10": (0, 20, 0, 20, 0), "30": (20, 40, 20, 40, 0), "50": (40, 60, 40, 60, 0),
                      "80": (70, 90, 60, 100, 0), "150": (130, 170, 100, 200, 1), "300": (280, 320, 200, 400, 1),
                      "500": (450, 550, 400, 600, 1), "700": (630, 770, 600, 800, 2), ">800": (800, np.inf, 800, np.inf, 2)}
            df = pd.DataFrame({"t": d["targets"], "w": d["words"]})
            b = df.t.map(bounds)
            df["level"] = [x[4] for x in b]
            df["pm"] = [(w > x[0]) and (w <= x[1]) for w, x in zip(df.w, b)]
            df["fm"] = [(w > x[2]) and (w <= x[3]) for w, x in zip(df.w, b)]
            rates = {f"Level:{k}": [int(len(g)), float(g.pm.mean() * 100), float(g.fm.mean() * 100)] for k, g in df.groupby("level")}
            rates["All Level"] = [int(len(df)), float(df.pm.mean() * 100), float(df.fm.mean() * 100)]
            out["ruler"] = rates
            req, got = np.asarray(d["required"]), np.asarray(d["produced"])
            sl = np.where(got > req, 100 * np.maximum(0, 1 - (got / req - 1) / 3),
                          100 * np.maximum(0, 1 - (req / np.maximum(got, 1e-300) - 1) / 2))
            out["sl"] = sl.tolist()
            print(json.dumps(out))
            """;

    @Test
    void agreesWithScipyAndThePublishedRules() throws Exception {
        Map<String, double[][]> pairs = new LinkedHashMap<>();
        // CASTILLO: predict a prompt's mean length from its first 5 samples; actual = mean of the last 5
        List<CastilloRow> rows = CastilloReader.read(PythonReference.root().resolve("datasets/castillo/castillo_test.jsonl"));
        double[] predicted = new double[rows.size()];
        double[] actual = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            int[] s = rows.get(i).outputSizes();
            for (int k = 0; k < s.length; k++) {
                if (k < s.length / 2) {
                    predicted[i] += (double) s[k] / (s.length / 2);
                } else {
                    actual[i] += (double) s[k] / (s.length - s.length / 2);
                }
            }
            predicted[i] = Math.rint(predicted[i]);
            actual[i] = Math.rint(actual[i]);
        }
        pairs.put("castillo", new double[][] {predicted, actual});
        SplittableRandom random = new SplittableRandom(7);
        for (int t = 0; t < 6; t++) {
            int n = 2 + random.nextInt(300);
            double[] p = new double[n];
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                p[i] = random.nextInt(2 + t * 40) * 10;
                a[i] = t % 2 == 0 ? p[i] + random.nextInt(200) : random.nextInt(400);
            }
            pairs.put("random" + t, new double[][] {p, a});
        }
        List<String> targets = new ArrayList<>();
        double[] words = new double[900];
        double[] required = new double[900];
        double[] produced = new double[900];
        for (int i = 0; i < words.length; i++) {
            RulerTarget target = RulerMatch.targets().get(i % 9);
            targets.add(target.label());
            double centre = target.label().equals(">800") ? 900 : Double.parseDouble(target.label());
            words[i] = Math.max(0, Math.rint(centre * (0.5 + random.nextDouble())));
            required[i] = 100 + random.nextInt(5000);
            produced[i] = random.nextInt(10) == 0 ? 0 : random.nextInt(12_000);
        }
        words[0] = 20; // on a closed upper bound
        words[1] = 20; // on an open lower bound
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("pairs", pairs);
        input.put("targets", targets);
        input.put("words", words);
        input.put("required", required);
        input.put("produced", produced);
        JsonObject ref = PythonReference.runOnJson(SCRIPT, input);
        double worstTau = 0;
        for (Map.Entry<String, double[][]> e : pairs.entrySet()) {
            PredictionErrors errors = PredictionErrors.of(e.getValue()[0], e.getValue()[1]);
            double tau = ref.getAsJsonObject("tau").get(e.getKey()).getAsDouble();
            worstTau = Math.max(worstTau, Math.abs(errors.kendallTauB() - tau));
            assertEquals(tau, errors.kendallTauB(), 1e-12, e.getKey() + " tau-b");
            JsonObject r = ref.getAsJsonObject("errors").getAsJsonObject(e.getKey());
            assertEquals(r.get("mae").getAsDouble(), errors.mae(), 1e-9 * Math.max(1, errors.mae()), e.getKey());
            assertEquals(r.get("within50").getAsDouble(), errors.withinTokens(50), 0, e.getKey());
            assertEquals(r.get("bucket").getAsDouble(), errors.bucketAccuracy(100, 1), 0, e.getKey());
        }
        JsonObject ruler = ref.getAsJsonObject("ruler");
        List<RulerMatch.LevelRate> rates = RulerMatch.rates(targets, words);
        assertEquals(4, rates.size());
        for (RulerMatch.LevelRate rate : rates) {
            double[] r = new Gson().fromJson(ruler.getAsJsonArray(rate.level()), double[].class);
            assertEquals(r[0], rate.n(), 0, rate.level());
            assertEquals(r[1], rate.preciseMatch(), 1e-9, rate.level() + " PM");
            assertEquals(r[2], rate.flexibleMatch(), 1e-9, rate.level() + " FM");
        }
        double[] sl = new Gson().fromJson(ref.getAsJsonArray("sl"), double[].class);
        double mean = 0;
        for (int i = 0; i < sl.length; i++) {
            assertEquals(sl[i], LongWriterScore.score(required[i], produced[i]), 1e-9, "S_l at " + i);
            mean += sl[i] / sl.length;
        }
        assertEquals(mean, LongWriterScore.mean(required, produced), 1e-9);
        System.out.printf(Locale.ROOT, "Kendall tau-b vs scipy on %d samples (CASTILLO n = %d): worst |diff| %.3g%n",
                pairs.size(), predicted.length, worstTau);
    }

    @Test
    void rulesAtTheBoundaries() {
        RulerTarget ten = RulerMatch.target("10");
        assertTrue(ten.precise(20));
        assertTrue(!ten.precise(0) && !ten.precise(21));
        assertTrue(RulerMatch.target(">800").flexible(1e6));
        assertEquals(100, LongWriterScore.score(500, 500));
        assertEquals(0, LongWriterScore.score(500, 2000));
        assertEquals(50, LongWriterScore.score(300, 150), 1e-12);
    }

    @Test
    void badInputIsNamed() {
        assertEquals("'12' is not a Ruler target length; targets: [10, 30, 50, 80, 150, 300, 500, 700, >800]",
                assertThrows(IllegalArgumentException.class, () -> RulerMatch.target("12")).getMessage());
        assertEquals("length at index 1 is -3.0; word counts must be finite and non-negative",
                assertThrows(IllegalArgumentException.class,
                        () -> RulerMatch.rates(List.of("10", "30"), new double[] {3, -3})).getMessage());
        assertEquals("at index 0: required length must be positive and finite, got 0.0",
                assertThrows(IllegalArgumentException.class,
                        () -> LongWriterScore.mean(new double[] {0}, new double[] {5})).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> PredictionErrors.of(new double[] {1, 2}, new double[] {1})).getMessage().contains("predictions"));
        assertTrue(Double.isNaN(KendallTau.tauB(new double[] {1, 1, 1}, new double[] {1, 2, 3})));
    }
}
