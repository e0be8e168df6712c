package org.lmlab.scaling.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lmlab.progress.Progress;
import org.lmlab.reference.PythonReference;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.LawFitter;
import org.lmlab.scaling.Run;
import org.lmlab.scaling.ScalingData;
import org.lmlab.stats.Interval;
import org.lmlab.scaling.formula.FormulaLaw;
import org.lmlab.table.Table;

/**
 * Kaplan et al. 2020's critical batch size and L(N, S_min) on synthetic learning curves generated from
 * the published laws (datasets/scaling-dynamics/generate_steps.py): every fit equals scipy on the same
 * objective (acceptance 1) and the published constants lie in the bootstrap intervals (acceptance 2).
 */
class StepsTest {

    static List<LearningCurve> curves;
    static CriticalBatch.Fit batch;

    @BeforeAll
    static void read() throws Exception {
        List<String> lines = Files.readAllLines(PythonReference.root().resolve("datasets/scaling-dynamics/kaplan-steps.csv"));
        List<Double[]> cols = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            int col = k;
            cols.add(lines.subList(1, lines.size()).stream().map(l -> Double.valueOf(l.split(",")[col])).toArray(Double[]::new));
        }
        try (RootAllocator allocator = new RootAllocator();
             Table t = Table.builder(allocator, "kaplan-steps.csv").float64("params", cols.get(0))
                     .float64("batch", cols.get(1)).float64("steps", cols.get(2)).float64("loss", cols.get(3)).build()) {
            curves = LearningCurve.fromTable(t, LearningCurve.Columns.defaults());
        }
        batch = CriticalBatch.fit(curves, 8, Progress.NONE);
        System.out.println(batch);
    }

    static final String SCIPY_LEVELS = """
            import json, sys
            import numpy as np
            from scipy.optimize import least_squares
            from scipy.stats import linregress
            j = json.load(open(sys.argv[1]))
            out = {'levels': []}
            for lev in j['levels']:
                b, s = np.array(lev['b']), np.array(lev['s'])
                res = lambda p: np.log(np.exp(p[0]) + np.exp(p[1]) / b) - np.log(s)
                best = None
                for st in lev['starts']:
                    r = least_squares(res, st, method='lm', xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=100000)
                    if best is None or 2 * r.cost < best[2]:
                        best = (float(np.exp(r.x[0])), float(np.exp(r.x[1])), float(2 * r.cost))
                out['levels'].append(best)
            r = linregress(np.log(j['loss']), np.log([e / s for s, e, _ in out['levels']]))
            out['bstar'] = float(np.exp(r.intercept)); out['alphab'] = float(-1 / r.slope)
            print(json.dumps(out))
            """;

    @Test
    void criticalBatchEqualsScipy() throws Exception {
        List<Map<String, Object>> levels = new ArrayList<>();
        for (CriticalBatch.Level l : batch.levels()) {
            levels.add(Map.of("b", l.batches(), "s", l.steps(), "starts", CriticalBatch.starts(l.batches(), l.steps())));
        }
        JsonObject ref = PythonReference.runOnJson(SCIPY_LEVELS, Map.of("levels", levels,
                "loss", batch.levels().stream().mapToDouble(CriticalBatch.Level::loss).toArray()));
        JsonArray rl = ref.getAsJsonArray("levels");
        double worst = 0;
        for (int i = 0; i < rl.size(); i++) {
            CriticalBatch.Level l = batch.levels().get(i);
            JsonArray r = rl.get(i).getAsJsonArray();
            worst = Math.max(worst, Math.max(rel(l.sMin(), r.get(0).getAsDouble()), rel(l.eMin(), r.get(1).getAsDouble())));
            assertTrue(rel(l.sMin(), r.get(0).getAsDouble()) < 1e-6, "S_min " + l.sMin() + " vs " + r.get(0));
            assertTrue(rel(l.eMin(), r.get(1).getAsDouble()) < 1e-6, "E_min " + l.eMin() + " vs " + r.get(1));
            double obj = r.get(2).getAsDouble();
            assertEquals(obj, l.objective(), 1e-9 * Math.max(obj, 1e-12) + 1e-18, "level objective");
        }
        System.out.printf("%d levels: worst relative difference of S_min/E_min vs scipy %.2e%n", rl.size(), worst);
        System.out.printf("B* lmlab %.10g scipy %.10g; alpha_B lmlab %.10g scipy %.10g%n", batch.bStar(),
                ref.get("bstar").getAsDouble(), batch.alphaB(), ref.get("alphab").getAsDouble());
        assertTrue(rel(batch.bStar(), ref.get("bstar").getAsDouble()) < 1e-6);
        assertTrue(rel(batch.alphaB(), ref.get("alphab").getAsDouble()) < 1e-6);
    }

    @Test
    void criticalBatchRecoversThePublishedConstants() {
        List<Interval> ci = batch.bootstrap(2000, 42, 0.95);
        ci.forEach(System.out::println);
        // Kaplan et al. 2020 eq. 1.4: B* = 2e8 tokens, alpha_B = 0.21 (the generator's values).
        assertTrue(ci.get(0).lower() <= 2e8 && 2e8 <= ci.get(0).upper(), "B* = 2e8 outside " + ci.get(0));
        assertTrue(ci.get(1).lower() <= 0.21 && 0.21 <= ci.get(1).upper(), "alpha_B = 0.21 outside " + ci.get(1));
        // Hand check of eq. 5.4 at the published constants: L = 3, B = B_crit -> S_min = S/2, E_min = E/2.
        CriticalBatch.Fit published = new CriticalBatch.Fit(batch.levels(), 2e8, 0.21, 1);
        double bc = 2e8 / Math.pow(3, 1 / 0.21);
        assertEquals(bc, published.bCrit(3), 1e-9 * bc);
        assertEquals(500, published.sMin(1000, bc, 3), 1e-9);
        assertEquals(500, published.eMin(1000, bc, 3), 1e-9);
    }

    static final String SCIPY_LAW = """
            import json, sys
            import numpy as np
            from scipy.optimize import minimize
            from scipy.special import huber
            j = json.load(open(sys.argv[1]))
            n, s, l = (np.array(j[k]) for k in ('n', 's', 'l'))
            lnN, lnS, lnL = np.log(n), np.log(s), np.log(l)
            d = 1e-3
            def f(p):  # p = a, alphaN, b, alphaS (the formula's parameter order)
                t1 = p[0] - p[1] * lnN; t2 = p[2] - p[3] * lnS
                m = np.maximum(t1, t2); lse = m + np.log(np.exp(t1 - m) + np.exp(t2 - m))
                r = lse - lnL
                w1, w2 = np.exp(t1 - lse), np.exp(t2 - lse)
                h = np.clip(r, -d, d)
                g = np.array([np.sum(h * w1), -np.sum(h * w1 * lnN), np.sum(h * w2), -np.sum(h * w2 * lnS)])
                return float(np.sum(huber(d, r))), g
            best = None
            for st in j['starts']:
                r = minimize(f, st, jac=True, method='L-BFGS-B', options={'maxiter': 10000, 'ftol': 1e-15, 'gtol': 1e-12, 'maxcor': 10})
                if best is None or r.fun < best.fun:
                    best = r
            r = minimize(f, best.x, jac=True, method='L-BFGS-B', options={'maxiter': 10000, 'ftol': 1e-15, 'gtol': 1e-14, 'maxcor': 10})
            if r.fun <= best.fun:
                best = r
            print(json.dumps({'p': best.x.tolist(), 'objective': float(best.fun)}))
            """;

    @Test
    void stepsLawEqualsScipyAndRecoversThePublishedConstants() throws Exception {
        FormulaLaw law = StepsLaw.law();
        assertEquals(List.of("a", "alphaN", "b", "alphaS"), law.parameterNames());
        ScalingData data = StepsLaw.data(curves, batch);
        LawFit fit = new LawFitter(law).fit(data);
        System.out.println(fit);
        List<double[]> starts = IntStream.range(0, law.startCount()).mapToObj(law::start).toList();
        JsonObject ref = PythonReference.runOnJson(SCIPY_LAW, Map.of(
                "n", data.runs().stream().mapToDouble(Run::params).toArray(),
                "s", data.runs().stream().mapToDouble(Run::tokens).toArray(),
                "l", data.runs().stream().mapToDouble(Run::loss).toArray(), "starts", starts));
        double[] ours = fit.theta();
        for (int k = 0; k < 4; k++) {
            double scipy = ref.getAsJsonArray("p").get(k).getAsDouble();
            System.out.printf("L(N,S_min) %-6s lmlab %.12g scipy %.12g relative difference %.2e%n",
                    law.parameterNames().get(k), ours[k], scipy, rel(ours[k], scipy));
            assertTrue(rel(ours[k], scipy) < 1e-6, law.parameterNames().get(k) + ": " + ours[k] + " vs scipy " + scipy);
        }
        double obj = ref.get("objective").getAsDouble();
        System.out.printf("L(N,S_min) objective lmlab %.15g scipy %.15g%n", fit.objective(), obj);
        assertEquals(obj, fit.objective(), 1e-9 * obj);

        List<Interval> ci = StepsLaw.bootstrap(curves, batch, fit, 300, 42, 0.95, Progress.NONE);
        for (Interval i : ci) {
            double published = StepsLaw.PUBLISHED.get(i.name());
            System.out.printf("%-8s published %.4g: %s%n", i.name(), published, i);
            assertTrue(i.lower() <= published && published <= i.upper(), i.name() + " " + published + " outside " + i);
        }
    }

    @Test
    void badInputSaysWhatIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CriticalBatch.fitLevel(1e6, 3, new double[] {1, 2}, new double[] {10, 5}));
        assertTrue(e.getMessage().contains("at least 3 batch sizes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CriticalBatch.fit(curves.subList(0, 2), 8, Progress.NONE));
        assertTrue(e.getMessage().contains("need at least 3 fitted loss levels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new LearningCurve(1e6, 1024, new double[] {10, 5}, new double[] {3, 2}));
        assertTrue(e.getMessage().contains("steps must increase"), e.getMessage());
        try (RootAllocator allocator = new RootAllocator();
             Table t = Table.builder(allocator, "t").float64("params", 1.0).float64("steps", 1.0).float64("loss", 1.0).build()) {
            e = assertThrows(IllegalArgumentException.class, () -> LearningCurve.fromTable(t, LearningCurve.Columns.defaults()));
            assertTrue(e.getMessage().contains("missing column 'batch'"), e.getMessage());
        }
    }

    static double rel(double a, double b) {
        return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
    }

}
