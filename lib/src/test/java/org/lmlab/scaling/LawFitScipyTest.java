package org.lmlab.scaling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lmlab.scaling.law.ChinchillaLaw;
import org.lmlab.scaling.law.DataConstrainedLaw;
import org.lmlab.scaling.law.KaplanLaw;
import org.lmlab.scaling.law.Laws;

/**
 * Every law family fitted by {@link LawFitter} side by side with scipy's L-BFGS-B on the same
 * objective from the same starts (law_scipy.py): natural parameters to 1e-4 relative, the objective
 * to 1e-9 relative. scipy takes minutes on the laws' full default grids (210 starts for Kaplan,
 * 128 for data-constrained), so both sides use every 12th default start here.
 */
class LawFitScipyTest {

    static final ScalingData CHINCHILLA = ScalingData.of(ChinchillaData.replicationRuns());

    @ParameterizedTest
    @ValueSource(strings = {"kaplan-n", "kaplan-d", "kaplan-c", "kaplan-c-pure"})
    void kaplanLawsAgreeWithScipy(String name) throws Exception {
        ScalingLaw law = Laws.byName(name, null);
        assertAgrees(law, CHINCHILLA, null);
    }

    @Test
    void dataConstrainedLawAgreesWithScipy() throws Exception {
        ScalingData data = SyntheticRuns.dataConstrained(150, 0.01, 7);
        DataConstrainedLaw law = DataConstrainedLaw.published();
        LawFit fit = assertAgrees(law, data, law.base());
        // Sanity against the truth the data came from (noise 1 %): R* recovered to within a factor 2.
        Map<String, Double> p = fit.parameters();
        System.out.println("data-constrained on synthetic runs: " + fit);
        assertEquals(15.387756, p.get("R*_D"), 0.5 * 15.387756);
        assertEquals(5.309743, p.get("R*_N"), 0.5 * 5.309743);
    }

    static LawFit assertAgrees(ScalingLaw law, ScalingData data, ChinchillaParams base) throws Exception {
        List<double[]> starts = IntStream.range(0, law.startCount()).filter(i -> i % 12 == 0).mapToObj(law::start).toList();
        LawFit fit = new LawFitter(law).fit(data, starts.size(), i -> starts.get(i).clone(), org.lmlab.progress.Progress.NONE);
        LawScipy.Fit scipy = LawScipy.fit(law.name(), data, starts, base, null).get(0);
        Map<String, Double> ours = fit.parameters();
        Map<String, Double> ref = law.naturalParameters(scipy.theta());
        System.out.println(fit);
        for (String k : ours.keySet()) {
            double rel = LawScipy.rel(ours.get(k), ref.get(k));
            System.out.printf("%s %-8s lmlab %.10g scipy %.10g relative difference %.2e%n", law.name(), k, ours.get(k),
                    ref.get(k), rel);
            assertTrue(rel < 1e-4, law.name() + " " + k + ": lmlab " + ours.get(k) + " vs scipy " + ref.get(k));
        }
        double rel = LawScipy.rel(fit.objective(), scipy.objective());
        System.out.printf("%s objective lmlab %.15g scipy %.15g relative difference %.2e%n", law.name(),
                fit.objective(), scipy.objective(), rel);
        assertTrue(rel < 1e-9, law.name() + " objective " + fit.objective() + " vs scipy " + scipy.objective());
        return fit;
    }

    /** The law path is the replication's: the specialised objective minimised from every grid start, in grid order. */
    @Test
    void chinchillaLawThroughLawFitterEqualsMultiStartOverTheGrid() {
        StartGrid grid = ChinchillaFitScipyTest.SUB_GRID;
        LawFit fit = new LawFitter(new ChinchillaLaw(grid)).fit(CHINCHILLA);
        FitOptions options = FitOptions.defaults();
        MultiStart.Outcome direct = new MultiStart(options.lbfgs(), options.bestTolerance()).minimize(
                new ChinchillaObjective(CHINCHILLA.runs(), options.delta()), grid.size(), grid::start, true,
                org.lmlab.progress.Progress.NONE);
        assertArrayEquals(direct.best().x(), fit.theta());
        assertEquals(direct.best().value(), fit.objective());
        assertEquals(direct.startsAtBest(), fit.startsAtBest());
    }

    @Test
    void publishedDataConstrainedLawReproducesTheAuthorsExamples() {
        // datablations README, "Parametric Fit": the two models of Figure 1 (right), as printed there.
        DataConstrainedLaw law = DataConstrainedLaw.published();
        double[] t = DataConstrainedLaw.PUBLISHED;
        assertEquals(2.2256440889984477, law.predict(t, 6.34e9, 242e9, 25e9, null), 1e-12);
        assertEquals(2.2269634075087867, law.predict(t, 8.67e9, 178e9, 25e9, null), 1e-12);
        assertEquals(15.387756, law.naturalParameters(t).get("R*_D"), 1e-9);
    }

    @ParameterizedTest
    @ValueSource(strings = {"chinchilla", "kaplan-n", "kaplan-c-pure", "data-constrained"})
    void analyticGradientsMatchCentralDifferences(String name) {
        ScalingLaw law = Laws.byName(name, ChinchillaLaw.params(DataConstrainedLaw.PUBLISHED));
        double[] theta = name.equals("data-constrained") ? DataConstrainedLaw.PUBLISHED
                : name.equals("chinchilla") ? new double[] {6, 7.6, 0.6, 0.35, 0.37} : new double[] {5, 0.3, 0.5};
        theta = java.util.Arrays.copyOf(theta, law.parameterCount());
        double[] g = new double[theta.length];
        law.predict(theta, 3e9, 2e11, 5e10, g);
        for (int k = 0; k < theta.length; k++) {
            double h = 1e-6 * Math.max(1, Math.abs(theta[k]));
            double[] up = theta.clone();
            double[] down = theta.clone();
            up[k] += h;
            down[k] -= h;
            double numeric = (law.predict(up, 3e9, 2e11, 5e10, null) - law.predict(down, 3e9, 2e11, 5e10, null)) / (2 * h);
            assertEquals(numeric, g[k], 1e-6 * Math.max(1, Math.abs(numeric)), name + " d/d" + law.parameterNames().get(k));
        }
    }

    @Test
    void fewerRunsThanParametersIsAClearError() {
        ScalingData three = ScalingData.of(CHINCHILLA.runs().subList(0, 2));
        var e = assertThrows(IllegalArgumentException.class,
                () -> new LawFitter(new KaplanLaw(KaplanLaw.Variable.N, true)).fit(three));
        assertEquals("need at least 3 runs to fit the 3 parameters (a, alpha, e) of the kaplan-n law, got 2",
                e.getMessage());
    }

    @Test
    void badWeightsAreClearErrors() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new ChinchillaObjective(CHINCHILLA.runs(), new double[3], 1e-3));
        assertEquals("expected 240 weights, one per run, got 3", e.getMessage());
        double[] w = new double[240];
        w[9] = -1;
        e = assertThrows(IllegalArgumentException.class, () -> new HuberLogObjective(new ChinchillaLaw(), CHINCHILLA, w, 1e-3));
        assertEquals("weight 9 must be finite and >= 0, got -1.0", e.getMessage());
    }

    @Test
    void unknownLawNamesTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Laws.byName("kaplan", null));
        assertTrue(e.getMessage().startsWith("unknown law 'kaplan'; one of chinchilla, kaplan-n"), e.getMessage());
    }
}
