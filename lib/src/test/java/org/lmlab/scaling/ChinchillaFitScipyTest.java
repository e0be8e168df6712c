package org.lmlab.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lmlab.reference.PythonReference;
import org.lmlab.scaling.law.ChinchillaLaw;

/**
 * The Approach-3 fit side by side with scipy's L-BFGS-B (same objective, analytic gradient, same
 * starts, ftol 1e-15 / gtol 1e-10, best start polished at gtol 1e-12) on the 240 replication runs.
 *
 * <p>The full 4,500-start grid takes scipy several minutes, so this test uses {@link #SUB_GRID}
 * in both implementations: α, β ∈ {0, 1, 2}; e ∈ {−1, 0, 1}; a, b ∈ {0, 10, 20} (243 starts,
 * every third/second value of the replication grid).
 */
class ChinchillaFitScipyTest {

    static final StartGrid SUB_GRID = new StartGrid(new double[] {0, 1, 2}, new double[] {0, 1, 2},
            new double[] {-1, 0, 1}, new double[] {0, 10, 20}, new double[] {0, 10, 20});

    private static LawFit fit;
    private static Map<String, Double> scipy;

    @BeforeAll
    static void fitBoth() throws Exception {
        List<Run> runs = ChinchillaData.replicationRuns();
        fit = new LawFitter(new ChinchillaLaw(SUB_GRID)).fit(ScalingData.of(runs));
        scipy = runScipy(SUB_GRID);
        System.out.println("lmlab: " + fit);
        System.out.printf("scipy: A=%.7g B=%.7g E=%.7g alpha=%.7g beta=%.7g objective=%.12g |grad|=%.2e (%.1f s)%n",
                scipy.get("A"), scipy.get("B"), scipy.get("E"), scipy.get("alpha"), scipy.get("beta"),
                scipy.get("objective"), scipy.get("gradnorm"), scipy.get("seconds"));
    }

    static Map<String, Double> runScipy(StartGrid grid) throws Exception {
        String script;
        try (InputStream in = ChinchillaFitScipyTest.class.getResourceAsStream("chinchilla_scipy.py")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String out = PythonReference.run(script, ChinchillaData.CSV.toString(), grid.spec(), "1e-3");
        Map<String, Double> values = new LinkedHashMap<>();
        for (String line : out.strip().split("\n")) {
            String[] kv = line.split("=", 2);
            values.put(kv[0].strip(), Double.parseDouble(kv[1].strip()));
        }
        return values;
    }

    @Test
    void parametersAgreeWithScipyToFourSignificantDigits() {
        assertEquals(240.0, scipy.get("rows"));
        ChinchillaParams p = fit.chinchillaParams();
        double[] ours = {p.A(), p.B(), p.E(), p.alpha(), p.beta()};
        String[] names = {"A", "B", "E", "alpha", "beta"};
        for (int i = 0; i < 5; i++) {
            double ref = scipy.get(names[i]);
            double rel = Math.abs(ours[i] - ref) / Math.abs(ref);
            System.out.printf("%-5s lmlab %.10g scipy %.10g relative difference %.2e%n", names[i], ours[i], ref, rel);
            assertTrue(rel < 5e-5, names[i] + ": lmlab " + ours[i] + " vs scipy " + ref);
        }
    }

    @Test
    void objectiveAgreesWithScipyTo1e9Relative() {
        double ref = scipy.get("objective");
        double rel = Math.abs(fit.objective() - ref) / ref;
        System.out.printf("objective lmlab %.15g scipy %.15g relative difference %.2e%n", fit.objective(), ref, rel);
        assertTrue(rel < 1e-9, "objective lmlab " + fit.objective() + " vs scipy " + ref);
        // PROVENANCE.md reference (full grid, polished): 0.00101827401780
        assertEquals(0.00101827401780, fit.objective(), 1e-9 * 0.00101827401780);
        assertTrue(fit.startsAtBest() >= 1 && fit.startsAtBest() <= fit.starts());
    }

    @Test
    void tokensPerParameterAgreeWithScipy() {
        ComputeOptimal.Allocation a = fit.optimal(5.76e23);
        double[] ours = {a.params(), a.tokens(), a.tokensPerParam()};
        String[] names = {"Nopt", "Dopt", "tpp"};
        for (int i = 0; i < 3; i++) {
            double ref = scipy.get(names[i]);
            double rel = Math.abs(ours[i] - ref) / ref;
            System.out.printf("%-4s at 5.76e23: lmlab %.10g scipy %.10g relative difference %.2e%n",
                    names[i], ours[i], ref, rel);
            assertTrue(rel < 1e-4, names[i] + ": lmlab " + ours[i] + " vs scipy " + ref);
        }
        // Same formula evaluated in Java on scipy's parameters must match Python's evaluation closely.
        ChinchillaParams sp = ChinchillaParams.ofNatural(scipy.get("A"), scipy.get("B"), scipy.get("E"),
                scipy.get("alpha"), scipy.get("beta"));
        ComputeOptimal.Allocation s = new ComputeOptimal(sp).at(5.76e23);
        assertEquals(scipy.get("tpp"), s.tokensPerParam(), 1e-10 * scipy.get("tpp"));
        assertEquals(scipy.get("Nopt"), s.params(), 1e-10 * scipy.get("Nopt"));
    }

    @Test
    void sameResultWhenRunAgain() {
        LawFit again = new LawFitter(new ChinchillaLaw(SUB_GRID)).fit(ScalingData.of(ChinchillaData.replicationRuns()));
        assertEquals(fit.chinchillaParams(), again.chinchillaParams());
        assertEquals(fit.startsAtBest(), again.startsAtBest());
    }
}
