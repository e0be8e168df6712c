package org.lmlab.scaling.vocab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.lmlab.progress.Progress;
import org.lmlab.reference.PythonReference;

/**
 * Acceptance 1 of issue 19 for the vocabulary law: every fit and root equals scipy (vocab_scipy.py,
 * L-BFGS-B / brentq with numpy gradients written independently) on the same objective and data:
 * parameters within 1e-6 relative, objective within 1e-9 relative.
 */
class VocabScipyTest {

    static JsonObject scipy(Map<String, Object> query) throws Exception {
        try (InputStream in = VocabScipyTest.class.getResourceAsStream("vocab_scipy.py")) {
            return PythonReference.runOnJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), query);
        }
    }

    static double[] doubles(JsonArray a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsDouble();
        }
        return out;
    }

    @Test
    void tiedFitAgreesWithScipy() throws Exception {
        assertFitAgrees(VocabLaw.tiedExponents(), VocabTestData.synthetic(), 20);
    }

    @Test
    void freeExponentFitAgreesWithScipy() throws Exception {
        assertFitAgrees(new VocabLaw(false), VocabTestData.synthetic(), 60);
    }

    @Test
    void tiedFitOnReleasedRunsAgreesWithScipy() throws Exception {
        assertFitAgrees(VocabLaw.tiedExponents(), VocabTestData.releasedForFit(), 40);
    }

    static void assertFitAgrees(VocabLaw law, VocabData data, int every) throws Exception {
        List<double[]> grid = law.startGrid();
        List<double[]> starts = IntStream.range(0, grid.size()).filter(i -> i % every == 0).mapToObj(grid::get).toList();
        VocabFit fit = new VocabFitter(law).fit(data, starts, Progress.NONE);
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("mode", "fit");
        q.put("runs", VocabTestData.rows(data));
        q.put("starts", starts);
        q.put("tied", law.tied());
        q.put("delta", 1e-3);
        JsonObject ref = scipy(q);
        double[] theta = doubles(ref.getAsJsonArray("theta"));
        VocabParams mine = fit.params();
        VocabParams theirs = law.params(theta);
        System.out.println("java : " + fit + "\nscipy: " + theirs.formula() + " objective=" + ref.get("objective"));
        double worst = mine.asMap().entrySet().stream()
                .mapToDouble(e -> Math.abs(e.getValue() / theirs.asMap().get(e.getKey()) - 1)).max().orElseThrow();
        double objective = ref.get("objective").getAsDouble();
        System.out.printf("max parameter difference %.2e, objective difference %.2e (relative)%n", worst,
                Math.abs(fit.objective() / objective - 1));
        mine.asMap().forEach((k, v) -> assertEquals(theirs.asMap().get(k), v, 1e-6 * Math.abs(v), k));
        assertEquals(objective, fit.objective(), 1e-9 * objective, "objective");
    }

    @Test
    void isoFlopPowerLawsAgreeWithScipy() throws Exception {
        for (boolean half : new boolean[] {false, true}) {
            VocabIsoFlop fit = VocabIsoFlop.fit(VocabTestData.released(), half);
            double[] c = fit.frontier().stream().mapToDouble(VocabRun::flops).toArray();
            Map<String, PowerLaw> laws = Map.of("nnv", fit.nonVocab(), "nv", fit.vocab(), "d", fit.tokens());
            for (Map.Entry<String, PowerLaw> e : laws.entrySet()) {
                double[] y = fit.frontier().stream().mapToDouble(r -> switch (e.getKey()) {
                    case "nnv" -> r.nonVocabParams();
                    case "nv" -> r.vocabParams();
                    default -> r.tokens();
                }).toArray();
                Map<String, Object> q = new LinkedHashMap<>();
                q.put("mode", "power");
                q.put("x", c);
                q.put("y", y);
                q.put("fixed", half && !e.getKey().equals("nv") ? 0.5 : null);
                JsonObject ref = scipy(q);
                System.out.println("approach 1 (" + (half ? "half" : "free") + ", " + c.length + " frontier runs) "
                        + e.getKey() + ": java " + e.getValue()
                        + ", scipy K=" + ref.get("K") + " a=" + ref.get("a"));
                // The prefactor exp(K) is the natural parameter (K itself can sit near 0).
                double k = Math.exp(e.getValue().logK());
                assertEquals(Math.exp(ref.get("K").getAsDouble()), k, 1e-6 * k);
                assertEquals(ref.get("a").getAsDouble(), e.getValue().exponent(), 1e-6 * e.getValue().exponent());
            }
        }
    }

    @Test
    void derivativeGammaAgreesWithScipy() throws Exception {
        VocabDerivative.TokensPerChar f = VocabDerivative.TokensPerChar.published();
        double[] sizes = VocabDerivative.PUBLISHED_SIZES;
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("mode", "flopsmin");
        q.put("abc", new double[] {f.a(), f.b(), f.c(), f.cap()});
        q.put("cases", IntStream.range(0, sizes.length).mapToObj(i -> new double[] {sizes[i], EmbeddingWidth.of(sizes[i])})
                .toList());
        double[] v = doubles(scipy(q).getAsJsonArray("V"));
        double[] nv = new double[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            double d = EmbeddingWidth.of(sizes[i]);
            double mine = VocabDerivative.flopsMinimisingVocab(sizes[i], d, f);
            assertEquals(v[i], mine, 1e-9 * v[i], "V at N_nv=" + sizes[i]);
            nv[i] = v[i] * d;
        }
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("mode", "through");
        t.put("x", sizes);
        t.put("y", nv);
        t.put("x0", sizes[0]);
        t.put("y0", nv[0]);
        double gamma = scipy(t).get("gamma").getAsDouble();
        assertEquals(gamma, VocabDerivative.fit(sizes, f, 33e6, 3_145_728).gamma(), 1e-6 * gamma);
    }

    @Test
    void parametricOptimumAgreesWithScipy() throws Exception {
        VocabParams p = VocabParams.published();
        double[][] cases = {{33e6, 512, 2.7e17}, {302e6, 1024, 1e19}, {2.87e9, 3200, 1.19e21}, {70e9, 8192, 7.05e23},
                {7e9, 4096, 1e23}, {7e9, 4096, 1e21}};
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("mode", "optimum");
        q.put("params", Map.of("A2", p.a2(), "B", p.b(), "alpha2", p.alpha2(), "beta", p.beta()));
        q.put("cases", cases);
        double[] v = doubles(scipy(q).getAsJsonArray("V"));
        for (int i = 0; i < cases.length; i++) {
            double mine = OptimalVocab.parametric(p, cases[i][0], cases[i][1], cases[i][2]);
            assertEquals(v[i], mine, 1e-9 * v[i], "case " + i);
        }
    }
}
