package org.lmlab.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.lmlab.progress.Progress;
import org.lmlab.scaling.bootstrap.Bootstrap;
import org.lmlab.scaling.bootstrap.BootstrapOptions;
import org.lmlab.scaling.bootstrap.BootstrapResult;
import org.lmlab.stats.Resampler;
import org.lmlab.scaling.formula.FormulaException;
import org.lmlab.scaling.formula.FormulaLaw;
import org.lmlab.scaling.formula.FormulaSpec;
import org.lmlab.scaling.law.ChinchillaLaw;
import org.lmlab.table.Table;

/**
 * Custom formulas fitted on the 240 Chinchilla replication runs: a formula written as the Chinchilla
 * law gives the built-in law's fit (itself checked against scipy in {@link ChinchillaFitScipyTest}),
 * and two formulas that are not built in give scipy's L-BFGS-B fit of the same objective from the same
 * starts (law_scipy.py, derivatives by hand in numpy).
 */
class FormulaFitScipyTest {

    static final ScalingData CHINCHILLA = ScalingData.of(ChinchillaData.replicationRuns());

    /** The formula bound to a table of the Chinchilla runs (columns params, tokens, loss; N and D by convention). */
    static FormulaLaw law(String formula, Map<String, double[]> starts) {
        return law(formula, starts, Map.of());
    }

    /** As {@link #law(String, Map)}, with bounds per parameter. */
    static FormulaLaw law(String formula, Map<String, double[]> starts, Map<String, double[]> bounds) {
        Double[] n = CHINCHILLA.runs().stream().map(Run::params).toArray(Double[]::new);
        Double[] d = CHINCHILLA.runs().stream().map(Run::tokens).toArray(Double[]::new);
        Double[] l = CHINCHILLA.runs().stream().map(Run::loss).toArray(Double[]::new);
        try (RootAllocator allocator = new RootAllocator();
             Table t = Table.builder(allocator, "runs").float64("params", n).float64("tokens", d).float64("loss", l).build()) {
            FormulaSpec.Bound bound = FormulaSpec.of(formula).withStarts(starts).withBounds(bounds).bind(t, "runs");
            if (bound.law().variables().size() == 2) {
                assertEquals(CHINCHILLA, bound.data());
            } else { // one variable: its column fills both slots
                assertEquals(CHINCHILLA.runs().get(7).params(), bound.data().runs().get(7).tokens());
            }
            return bound.law();
        }
    }

    private static LawFit builtIn() {
        return new LawFitter(new ChinchillaLaw(ChinchillaFitScipyTest.SUB_GRID)).fit(CHINCHILLA);
    }

    @Test
    void chinchillaFormulaGivesTheBuiltInFit() {
        LawFit reference = builtIn();
        FormulaLaw law = law("E + A/N^alpha + B/D^beta", Map.of());
        assertEquals(List.of("E", "A", "alpha", "B", "beta"), law.parameterNames());
        assertEquals(243, law.startCount()); // default starts: 3 per parameter
        LawFit fit = new LawFitter(law).fit(CHINCHILLA);
        System.out.println(reference + "\n" + fit);
        Map<String, Double> ours = fit.parameters();
        reference.parameters().forEach((k, v) -> {
            double rel = LawScipy.rel(ours.get(k), v);
            System.out.printf("formula vs built-in %-6s %.12g %.12g relative difference %.2e%n", k, ours.get(k), v, rel);
            assertTrue(rel < 1e-6, k + ": formula " + ours.get(k) + " vs built-in " + v);
        });
        double rel = LawScipy.rel(fit.objective(), reference.objective());
        System.out.printf("formula vs built-in objective %.15g %.15g relative difference %.2e%n", fit.objective(),
                reference.objective(), rel);
        assertTrue(rel < 1e-12, "objective " + fit.objective() + " vs " + reference.objective());
    }

    @Test
    void chinchillaFormulaInLogCoordinatesFollowsTheBuiltInFitFromTheSameStarts() {
        StartGrid g = ChinchillaFitScipyTest.SUB_GRID;
        // parameter order of the formula: e, a, alpha, b, beta; the grid enumerates alpha, beta, e, a, b
        FormulaLaw law = law("exp(e) + exp(a)/N^alpha + exp(b)/D^beta",
                Map.of("e", g.es(), "a", g.as(), "alpha", g.alphas(), "b", g.bs(), "beta", g.betas()));
        int[] order = {2, 0, 3, 1, 4}; // formula coordinate k is built-in coordinate order[k]
        List<double[]> starts = IntStream.range(0, g.size()).mapToObj(i -> {
            double[] s = g.start(i);
            return IntStream.range(0, 5).mapToDouble(k -> s[order[k]]).toArray();
        }).toList();
        LawFit fit = new LawFitter(law).fit(CHINCHILLA, starts.size(), i -> starts.get(i).clone(), Progress.NONE);
        LawFit reference = builtIn();
        double[] t = fit.theta();
        double[] r = reference.theta();
        for (int k = 0; k < 5; k++) {
            double rel = LawScipy.rel(t[k], r[order[k]]);
            System.out.printf("log-coordinate formula vs built-in %-6s %.12g %.12g relative difference %.2e%n",
                    law.parameterNames().get(k), t[k], r[order[k]], rel);
            assertTrue(rel < 1e-7, law.parameterNames().get(k) + ": " + t[k] + " vs " + r[order[k]]);
        }
        assertEquals(reference.objective(), fit.objective(), 1e-12 * reference.objective());
    }

    @Test
    void chinchillaFormulaHasTheBuiltInObjective() {
        FormulaLaw law = law("E + A/N^alpha + B/D^beta", Map.of());
        DifferentiableFunction ours = law.objective(CHINCHILLA, null, 1e-3);
        DifferentiableFunction builtIn = new ChinchillaObjective(CHINCHILLA.runs(), null, 1e-3);
        Random random = new Random(5);
        for (int trial = 0; trial < 20; trial++) {
            // built-in coordinates (a, b, e, alpha, beta) and the same law in the formula's (E, A, alpha, B, beta)
            double[] c = {2 + 6 * random.nextDouble(), 2 + 6 * random.nextDouble(), random.nextDouble() - 0.5,
                0.1 + 0.6 * random.nextDouble(), 0.1 + 0.6 * random.nextDouble()};
            double[] natural = {Math.exp(c[2]), Math.exp(c[0]), c[3], Math.exp(c[1]), c[4]};
            double[] g1 = new double[5];
            double[] g2 = new double[5];
            double f1 = ours.valueAndGradient(natural, g1);
            double f2 = builtIn.valueAndGradient(c, g2);
            assertEquals(f2, f1, 1e-12 * f2);
            // chain rule: d/da = A d/dA, d/db = B d/dB, d/de = E d/dE
            assertEquals(g2[0], natural[1] * g1[1], 1e-9 * Math.abs(g2[0]) + 1e-15);
            assertEquals(g2[1], natural[3] * g1[3], 1e-9 * Math.abs(g2[1]) + 1e-15);
            assertEquals(g2[2], natural[0] * g1[0], 1e-9 * Math.abs(g2[2]) + 1e-15);
            assertEquals(g2[3], g1[2], 1e-9 * Math.abs(g2[3]) + 1e-15);
            assertEquals(g2[4], g1[4], 1e-9 * Math.abs(g2[4]) + 1e-15);
        }
    }

    @Test
    void kaplanStyleFormulaAgreesWithScipy() throws Exception {
        assertAgreesWithScipy("formula-kaplan", "E + A/N^alpha", 1);
    }

    @Test
    void gammaFormulaAgreesWithScipy() throws Exception {
        assertAgreesWithScipy("formula-gamma", "E + (A/N^alpha + B/D^beta)^gamma", 8);
    }

    @Test
    void bootstrapRefitsAgreeWithScipy() throws Exception {
        FormulaLaw law = law("E + (A/N^alpha + B/D^beta)^gamma", Map.of());
        LawFitter fitter = new LawFitter(law);
        List<double[]> grid = IntStream.range(0, law.startCount()).filter(i -> i % 8 == 0).mapToObj(law::start).toList();
        LawFit full = fitter.fit(CHINCHILLA, grid.size(), i -> grid.get(i).clone(), Progress.NONE);
        BootstrapResult result = new Bootstrap(fitter).run(CHINCHILLA, full,
                BootstrapOptions.defaults().withReplicates(3).withSeed(42).withThreads(2), Progress.NONE);
        List<int[]> samples = IntStream.range(0, 3).mapToObj(r -> Resampler.indices(42, r, CHINCHILLA.size())).toList();
        List<double[]> starts = new java.util.ArrayList<>(List.of(full.theta()));
        starts.addAll(law.refitStarts());
        // scipy refits the resampled rows themselves (repeats), from the same warm start and refit start
        List<LawScipy.Fit> scipy = LawScipy.fit("formula-gamma", CHINCHILLA, starts, null, samples);
        for (int r = 0; r < 3; r++) {
            double[] ours = result.replicates().get(r).theta();
            for (int k = 0; k < ours.length; k++) {
                double rel = LawScipy.rel(ours[k], scipy.get(r).theta()[k]);
                System.out.printf("bootstrap %d %-6s lmlab %.12g scipy %.12g relative difference %.2e%n", r,
                        law.parameterNames().get(k), ours[k], scipy.get(r).theta()[k], rel);
                assertTrue(rel < 1e-6, "replicate " + r + " " + law.parameterNames().get(k));
            }
            assertEquals(scipy.get(r).objective(), result.replicates().get(r).objective(),
                    1e-9 * scipy.get(r).objective());
        }
        assertEquals(List.of("E", "A", "alpha", "B", "beta", "gamma"), result.quantities());
    }

    @Test
    void boundedFitAndBootstrapAgreeWithScipyLbfgsB() throws Exception {
        // the unbounded fit has alpha ≈ 0.347 and beta ≈ 0.367: both bounds below hold them away from it
        Map<String, double[]> box = Map.of("alpha", new double[] {Double.NEGATIVE_INFINITY, 0.3},
                "beta", new double[] {0.4, 1});
        FormulaLaw law = law("E + A/N^alpha + B/D^beta", Map.of(), box);
        assertEquals(3 * 3 * 2 * 3 * 3, law.startCount(), "default starts moved onto a bound collapse (alpha 0.5, 1 -> 0.3)");
        List<double[]> starts = IntStream.range(0, law.startCount()).filter(i -> i % 4 == 0).mapToObj(law::start).toList();
        LawFitter fitter = new LawFitter(law);
        LawFit fit = fitter.fit(CHINCHILLA, starts.size(), i -> starts.get(i).clone(), Progress.NONE);
        LawScipy.Fit scipy = LawScipy.fit("formula-chinchilla", CHINCHILLA, starts, null, null, law.bounds()).get(0);
        System.out.printf("bounded fit objective lmlab %.17g scipy %.17g; %s%n", fit.objective(), scipy.objective(), fit);
        for (int k = 0; k < 5; k++) {
            double rel = LawScipy.rel(fit.theta()[k], scipy.theta()[k]);
            System.out.printf("bounded fit %-6s lmlab %.12g scipy %.12g relative difference %.2e%n",
                    law.parameterNames().get(k), fit.theta()[k], scipy.theta()[k], rel);
            assertTrue(rel < 1e-6, law.parameterNames().get(k) + ": " + fit.theta()[k] + " vs " + scipy.theta()[k]);
        }
        assertTrue(LawScipy.rel(fit.objective(), scipy.objective()) < 1e-9, fit.objective() + " vs " + scipy.objective());
        assertEquals(List.of("alpha = 0.3 (upper bound)", "beta = 0.4 (lower bound)"), fit.atBounds());
        assertTrue(fit.toString().contains("at a bound: alpha = 0.3 (upper bound), beta = 0.4 (lower bound)"), fit.toString());
    }

    @Test
    void boundedBootstrapRefitsAgreeWithScipyLbfgsB() throws Exception {
        // log coordinates (well scaled: in natural ones A and B crawl in refits, and both optimisers stop in the
        // valley at different points); scipy's built-in Chinchilla form takes (a, b, e, alpha, beta)
        Map<String, double[]> box = Map.of("alpha", new double[] {Double.NEGATIVE_INFINITY, 0.3},
                "beta", new double[] {0.4, 1});
        FormulaLaw law = law("exp(e) + exp(a)/N^alpha + exp(b)/D^beta",
                Map.of("e", new double[] {-1, 0.5}, "a", new double[] {5, 10}, "b", new double[] {5, 10}), box);
        LawFitter fitter = new LawFitter(law);
        LawFit fit = fitter.fit(CHINCHILLA);
        assertEquals(List.of("alpha = 0.3 (upper bound)", "beta = 0.4 (lower bound)"), fit.atBounds());
        BootstrapResult result = new Bootstrap(fitter).run(CHINCHILLA, fit,
                BootstrapOptions.defaults().withReplicates(3).withSeed(7).withThreads(2), Progress.NONE);
        int[] order = {2, 0, 3, 1, 4}; // formula coordinate k is scipy coordinate order[k]
        List<int[]> samples = IntStream.range(0, 3).mapToObj(r -> Resampler.indices(7, r, CHINCHILLA.size())).toList();
        List<double[]> refitStarts = new java.util.ArrayList<>(List.of(fit.theta()));
        refitStarts.addAll(law.refitStarts());
        List<LawScipy.Fit> scipy = LawScipy.fit("chinchilla", CHINCHILLA,
                refitStarts.stream().map(t -> reorder(t, order)).toList(), null, samples,
                new Bounds(reorder(law.bounds().lower(), order), reorder(law.bounds().upper(), order)));
        for (int r = 0; r < 3; r++) {
            double[] ours = result.replicates().get(r).theta();
            assertTrue(ours[2] <= 0.3 && ours[4] >= 0.4, "replicate " + r + " inside the box");
            for (int k = 0; k < 5; k++) {
                double reference = scipy.get(r).theta()[order[k]];
                double rel = LawScipy.rel(ours[k], reference);
                System.out.printf("bounded bootstrap %d %-6s lmlab %.12g scipy %.12g relative difference %.2e%n", r,
                        law.parameterNames().get(k), ours[k], reference, rel);
                assertTrue(rel < 1e-6, "replicate " + r + " " + law.parameterNames().get(k));
            }
            assertEquals(scipy.get(r).objective(), result.replicates().get(r).objective(),
                    1e-9 * scipy.get(r).objective());
        }
    }

    /** {@code t} (formula order) in the order where formula coordinate k goes to {@code order[k]}. */
    private static double[] reorder(double[] t, int[] order) {
        double[] out = new double[t.length];
        for (int k = 0; k < t.length; k++) {
            out[order[k]] = t[k];
        }
        return out;
    }

    @Test
    void boundsAreCheckedAgainstTheFormula() {
        var notParameter = assertThrows(IllegalArgumentException.class,
                () -> law("E + A/N^alpha", Map.of(), Map.of("gamma", new double[] {0, 1})));
        assertEquals("a bound for 'gamma', which is not a parameter of the formula; its parameters are E, A, alpha",
                notParameter.getMessage());
        var variable = assertThrows(FormulaException.class,
                () -> law("E + A/N^alpha", Map.of(), Map.of("N", new double[] {0, 1})));
        assertTrue(variable.pointer().startsWith("at 7: N is a variable, not a parameter; bounds are for parameters"),
                variable.pointer());
        var empty = assertThrows(IllegalArgumentException.class,
                () -> law("E + A/N^alpha", Map.of(), Map.of("alpha", new double[] {1, 0})));
        assertEquals("the bound of alpha must be LOWER <= UPPER, numbers or infinite; got [1.0, 0.0]", empty.getMessage());
        var outside = assertThrows(IllegalArgumentException.class,
                () -> law("E + A/N^alpha", Map.of("alpha", new double[] {0.2, 0.5}), Map.of("alpha", new double[] {0, 0.3})));
        assertEquals("start 0.5 of alpha is outside its bound [0.0, 0.3]", outside.getMessage());
        assertEquals(null, law("E + A/N^alpha", Map.of()).bounds(), "no bounds: the unbounded fit");
    }

    /** Fits from every {@code every}-th default start on both sides; parameters to 1e-6 relative, objective to 1e-9. */
    private static void assertAgreesWithScipy(String scipyName, String formula, int every) throws Exception {
        FormulaLaw law = law(formula, Map.of());
        List<double[]> starts = IntStream.range(0, law.startCount()).filter(i -> i % every == 0).mapToObj(law::start)
                .toList();
        LawFit fit = new LawFitter(law).fit(CHINCHILLA, starts.size(), i -> starts.get(i).clone(), Progress.NONE);
        LawScipy.Fit scipy = LawScipy.fit(scipyName, CHINCHILLA, starts, null, null).get(0);
        System.out.println(fit);
        double[] t = fit.theta();
        for (int k = 0; k < t.length; k++) {
            double rel = LawScipy.rel(t[k], scipy.theta()[k]);
            System.out.printf("%s %-6s lmlab %.12g scipy %.12g relative difference %.2e%n", formula,
                    law.parameterNames().get(k), t[k], scipy.theta()[k], rel);
            assertTrue(rel < 1e-6, formula + " " + law.parameterNames().get(k) + ": " + t[k] + " vs " + scipy.theta()[k]);
        }
        double rel = LawScipy.rel(fit.objective(), scipy.objective());
        System.out.printf("%s objective lmlab %.15g scipy %.15g relative difference %.2e%n", formula, fit.objective(),
                scipy.objective(), rel);
        assertTrue(rel < 1e-9, formula + " objective " + fit.objective() + " vs scipy " + scipy.objective());
    }
}
