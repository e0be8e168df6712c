package org.lmlab.lengths.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lmlab.lengths.LengthStats;
import org.lmlab.lengths.castillo.CastilloReader;
import org.lmlab.lengths.castillo.CastilloRow;
import org.lmlab.reference.PythonReference;

/**
 * Fits side by side with scipy.stats ({@code expon/lognorm/gamma.fit(x, floc=0)}, {@code logpdf().sum()},
 * {@code kstest}) on all 91 CASTILLO (model, dataset) groups and two single prompts, and the special functions with
 * scipy.special.
 */
class LengthFitsScipyTest {

    static final Path CASTILLO = PythonReference.root().resolve("datasets/castillo/castillo_test.jsonl");
    private static final Map<String, double[]> DATA = new LinkedHashMap<>();
    private static JsonObject reference;

    private static final String SCRIPT = """
            import json, sys
            import numpy as np
            from scipy import stats, special
            data = json.load(open(sys.argv[1]))
            out = {"fits": {}, "special": {}}
            for name, x in data.items():
                x = np.asarray(x, dtype=float)
                r = {}
                for fam in ("expon", "lognorm", "gamma", "weibull_min"):
                    dist = getattr(stats, fam)
                    params = dist.fit(x, floc=0)
                    shapes, scale = list(params[:-2]), params[-1]
                    p = shapes + [scale]
                    args = tuple(shapes) + (0, scale)
                    r[fam] = {"params": [float(v) for v in p],
                              "loglik": float(np.sum(dist.logpdf(x, *args))),
                              "ks": float(stats.kstest(x, fam, args=args).statistic),
                              "ks_p_asymp": float(stats.kstest(x, fam, args=args, method="asymp").pvalue)}
                out["fits"][name] = r
            xs = [0.01, 0.3, 0.5, 1, 1.7, 3.2, 9.9, 10, 25, 140.5, 1e4]
            out["special"] = {"x": xs, "gammaln": [float(special.gammaln(v)) for v in xs],
                              "digamma": [float(special.digamma(v)) for v in xs],
                              "polygamma1": [float(special.polygamma(1, v)) for v in xs],
                              "gammainc": [[float(special.gammainc(a, v)) for v in xs] for a in xs],
                              "ndtr": [float(special.ndtr(z)) for z in np.linspace(-9, 9, 37)],
                              "kstwobign": [float(stats.kstwobign.sf(v)) for v in np.linspace(0.05, 4, 80)]}
            print(json.dumps(out))
            """;

    @BeforeAll
    static void computeReferences() throws Exception {
        List<CastilloRow> rows = CastilloReader.read(CASTILLO);
        Map<CastilloRow.ModelDataset, LengthStats> groups =
                LengthStats.byGroup(rows, CastilloRow::modelDataset, CastilloRow::lengths);
        groups.forEach((k, s) -> DATA.put(k.toString(), s.sortedValues()));
        assertEquals(91, DATA.size(), "(model, dataset) groups in CASTILLO");
        DATA.put("prompt " + rows.get(0).source(), rows.get(0).lengths());
        DATA.put("prompt " + rows.get(5000).source(), rows.get(5000).lengths());
        Path input = Files.createTempFile("lmlab-fits", ".json");
        try {
            Files.writeString(input, new Gson().toJson(DATA));
            reference = new Gson().fromJson(PythonReference.run(SCRIPT, input.toString()), JsonObject.class);
        } finally {
            Files.deleteIfExists(input);
        }
    }

    @Test
    void fitsAgreeWithScipy() {
        double worstLl = 0;
        double worstKs = 0;
        double worstKsSameParams = 0;
        double worstParam = 0;
        for (Map.Entry<String, double[]> e : DATA.entrySet()) {
            JsonObject ref = reference.getAsJsonObject("fits").getAsJsonObject(e.getKey());
            for (Family family : Family.values()) {
                if (!family.fittedByScipy()) {
                    continue; // negative binomial and mixture: CountAndMixtureFitsTest
                }
                String label = e.getKey() + " " + family;
                JsonObject r = ref.getAsJsonObject(family.scipyName());
                FittedDistribution mine = LengthFits.fit(family, e.getValue());
                double[] scipyParams = new Gson().fromJson(r.getAsJsonArray("params"), double[].class);
                double ll = r.get("loglik").getAsDouble();
                double ks = r.get("ks").getAsDouble();

                double dLl = Math.abs(mine.logLikelihood() - ll) / Math.abs(ll);
                assertTrue(dLl <= 1e-6, label + " logL: scipy " + ll + ", lmlab " + mine.logLikelihood());
                assertTrue(mine.logLikelihood() >= ll - 1e-9 * Math.abs(ll), label + ": scipy found a higher logL");
                worstLl = Math.max(worstLl, dLl);
                for (int i = 0; i < scipyParams.length; i++) {
                    worstParam = Math.max(worstParam,
                            Math.abs(mine.parameters()[i] - scipyParams[i]) / scipyParams[i]);
                }
                double dKs = Math.abs(mine.ks() - ks);
                assertTrue(dKs <= 1e-6, label + " KS: scipy " + ks + ", lmlab " + mine.ks());
                worstKs = Math.max(worstKs, dKs);
                // at scipy's own parameters, the KS statistic and log-likelihood are the same numbers
                FittedDistribution atScipy = LengthFits.evaluate(family, scipyParams, e.getValue());
                double dSame = Math.abs(atScipy.ks() - ks);
                assertTrue(dSame <= 1e-12, label + " KS at scipy's parameters: scipy " + ks + ", lmlab "
                        + atScipy.ks());
                assertEquals(ll, atScipy.logLikelihood(), 1e-11 * Math.abs(ll), label);
                worstKsSameParams = Math.max(worstKsSameParams, dSame);
                double pScipy = r.get("ks_p_asymp").getAsDouble();
                assertTrue(Math.abs(atScipy.ksPValueAsymptotic() - pScipy) <= 1e-12 + 1e-9 * pScipy,
                        label + " asymptotic KS p-value: scipy " + pScipy + ", lmlab " + atScipy.ksPValueAsymptotic());
                assertEquals(2 * family.freeParameters() - 2 * mine.logLikelihood(), mine.aic(), 1e-9);
                assertEquals(family.freeParameters() * Math.log(e.getValue().length) - 2 * mine.logLikelihood(),
                        mine.bic(), 1e-9);
            }
        }
        System.out.printf(Locale.ROOT, "fits vs scipy on %d groups x %d families: worst logL relative %.3g, worst"
                + " parameter relative %.3g, worst KS abs %.3g (at scipy's parameters %.3g)%n", DATA.size(), 4, worstLl,
                worstParam, worstKs, worstKsSameParams);
    }

    @Test
    void specialFunctionsAgreeWithScipySpecial() {
        JsonObject s = reference.getAsJsonObject("special");
        double[] xs = new Gson().fromJson(s.getAsJsonArray("x"), double[].class);
        double worst = 0;
        for (int i = 0; i < xs.length; i++) {
            worst = Math.max(worst, close("gammaln", s.getAsJsonArray("gammaln").get(i).getAsDouble(),
                    Special.lnGamma(xs[i])));
            worst = Math.max(worst, close("digamma", s.getAsJsonArray("digamma").get(i).getAsDouble(),
                    Special.digamma(xs[i])));
            worst = Math.max(worst, close("trigamma", s.getAsJsonArray("polygamma1").get(i).getAsDouble(),
                    Special.trigamma(xs[i])));
            JsonArray row = s.getAsJsonArray("gammainc").get(i).getAsJsonArray();
            for (int j = 0; j < xs.length; j++) {
                worst = Math.max(worst, close("gammainc(" + xs[i] + ", " + xs[j] + ")", row.get(j).getAsDouble(),
                        Special.gammaP(xs[i], xs[j])));
            }
        }
        JsonArray ndtr = s.getAsJsonArray("ndtr");
        for (int k = 0; k < ndtr.size(); k++) {
            double z = -9 + 0.5 * k;
            worst = Math.max(worst, close("ndtr(" + z + ")", ndtr.get(k).getAsDouble(), Special.normalCdf(z)));
        }
        JsonArray kolmogorov = s.getAsJsonArray("kstwobign");
        for (int k = 0; k < kolmogorov.size(); k++) {
            double x = 0.05 + k * (4 - 0.05) / 79;
            worst = Math.max(worst, close("kstwobign.sf(" + x + ")", kolmogorov.get(k).getAsDouble(),
                    Special.kolmogorovSf(x)));
        }
        System.out.printf(Locale.ROOT, "special functions vs scipy.special: worst difference %.3g%n", worst);
    }

    /** Relative difference, absolute near zero; asserted at 1e-12. */
    private static double close(String what, double expected, double actual) {
        double d = Math.abs(actual - expected) / Math.max(1, Math.abs(expected));
        if (Math.abs(expected) < 1 && expected != 0) {
            d = Math.min(d, Math.abs(actual - expected) / Math.abs(expected) * 1e-3 + Math.abs(actual - expected));
        }
        assertTrue(d <= 1e-12, what + ": scipy " + expected + ", lmlab " + actual);
        return d;
    }

    @Test
    void badInputIsRejected() {
        assertEquals("cannot fit GAMMA: length at index 1 is 0.0; lengths must be finite and positive",
                assertThrows(IllegalArgumentException.class, () -> LengthFits.fit(Family.GAMMA, 3, 0, 4))
                        .getMessage());
        assertEquals("cannot fit LOGNORMAL to an empty group of lengths",
                assertThrows(IllegalArgumentException.class, () -> LengthFits.fit(Family.LOGNORMAL)).getMessage());
        assertEquals("cannot fit GAMMA: all lengths are equal",
                assertThrows(IllegalArgumentException.class, () -> LengthFits.fit(Family.GAMMA, 5, 5, 5))
                        .getMessage());
        assertEquals(6, LengthFits.fitAll(1, 2, 3, 10, 40).size());
        assertEquals(5, LengthFits.fitAll(1.0, 2, 3, 10, 40).size());
    }
}
