package org.lmlab.scaling.densing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lmlab.reference.PythonReference;
import org.lmlab.scaling.ChinchillaParams;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.LawFitter;
import org.lmlab.scaling.Run;
import org.lmlab.scaling.ScalingData;
import org.lmlab.stats.Interval;
import org.lmlab.scaling.law.ChinchillaLaw;
import org.lmlab.table.Table;

/**
 * The densing law's three steps against scipy on the bundled synthetic data (acceptance 1), and the
 * published slope A = 0.007/day (doubling ≈ 3.3 months) recovered within its bootstrap interval (acceptance 2).
 */
class DensingTest {

    static final Path DIR = PythonReference.root().resolve("datasets/scaling-dynamics");
    static RootAllocator allocator;
    static List<String[]> reference;
    static List<String[]> models;

    /** Chinchilla's published law (Hoffmann et al. 2022), the generator's reference law. */
    static final ChinchillaParams HOFFMANN = ChinchillaParams.ofNatural(406.4, 410.7, 1.69, 0.34, 0.28);

    @BeforeAll
    static void read() throws Exception {
        allocator = new RootAllocator();
        reference = csv("densing-reference.csv");
        models = csv("densing-models.csv");
    }

    @AfterAll
    static void close() {
        allocator.close();
    }

    static List<String[]> csv(String name) throws Exception {
        List<String[]> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(DIR.resolve(name));
        for (String line : lines.subList(1, lines.size())) {
            rows.add(line.split(",", -1));
        }
        return rows;
    }

    /** Reference rows with a score (20 tokens per parameter): {losses, scores}. */
    static double[][] scored() {
        List<String[]> s = reference.stream().filter(r -> !r[3].isEmpty()).toList();
        return new double[][] {s.stream().mapToDouble(r -> Double.parseDouble(r[2])).toArray(),
                s.stream().mapToDouble(r -> Double.parseDouble(r[3])).toArray()};
    }

    Table modelTable() {
        return Table.builder(allocator, "densing-models.csv")
                .utf8("model", models.stream().map(r -> r[0]).toArray(String[]::new))
                .date("released", models.stream().map(r -> LocalDate.parse(r[1])).toArray(LocalDate[]::new))
                .float64("params", models.stream().map(r -> Double.valueOf(r[2])).toArray(Double[]::new))
                .float64("score", models.stream().map(r -> Double.valueOf(r[3])).toArray(Double[]::new))
                .build();
    }

    static final Densing.Columns COLUMNS = new Densing.Columns("model", "released", "params", "score");

    static final String SCIPY_CURVE = """
            import json, sys
            import numpy as np
            from scipy.optimize import least_squares
            j = json.load(open(sys.argv[1]))
            x, y = np.array(j['losses']), np.array(j['scores'])
            def res(p):
                return p[0] / (1 + np.exp(-p[1] * (x - p[2]))) + p[3] - y
            def jac(p):
                e = np.exp(-p[1] * (x - p[2])); s = 1 / (1 + e); ds = s * s * e
                return np.stack([s, p[0] * ds * (x - p[2]), -p[0] * ds * p[1], np.ones_like(x)], axis=1)
            best = None
            for st in j['starts']:
                r = least_squares(res, st, jac=jac, method='lm', xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=100000)
                if best is None or 2 * r.cost < best[1]:
                    best = (r.x.tolist(), float(2 * r.cost))
            print(json.dumps({'p': best[0], 'sse': best[1]}))
            """;

    @Test
    void scoreCurveFitEqualsScipy() throws Exception {
        double[][] d = scored();
        ScoreCurve.Fit fit = ScoreCurve.fit(d[0], d[1]);
        JsonObject ref = PythonReference.runOnJson(SCIPY_CURVE, Map.of("losses", d[0], "scores", d[1],
                "starts", ScoreCurve.starts(d[0], d[1])));
        double[] ours = fit.curve().toArray();
        String[] names = {"c", "gamma", "l", "d"};
        System.out.println("score curve: " + fit.curve() + " sse " + fit.sse() + " (generator: c=0.8 gamma=-3 l=2.6 d=0.15)");
        for (int k = 0; k < 4; k++) {
            double scipy = ref.getAsJsonArray("p").get(k).getAsDouble();
            double rel = Math.abs(ours[k] - scipy) / Math.abs(scipy);
            System.out.printf("score curve %-5s lmlab %.12g scipy %.12g relative difference %.2e%n", names[k], ours[k], scipy, rel);
            assertTrue(rel < 1e-6, names[k] + ": " + ours[k] + " vs scipy " + scipy);
        }
        double sse = ref.get("sse").getAsDouble();
        System.out.printf("score curve sse lmlab %.15g scipy %.15g%n", fit.sse(), sse);
        assertEquals(sse, fit.sse(), 1e-9 * sse);
        // Against the generator's curve (noise sd 0.005 on 10 points): within 10 % of each published value.
        assertEquals(0.8, ours[0], 0.08);
        assertEquals(-3, ours[1], 0.3);
        assertEquals(2.6, ours[2], 0.26);
    }

    static final String SCIPY_INVERT = """
            import json, sys
            import numpy as np
            from scipy.optimize import brentq
            j = json.load(open(sys.argv[1]))
            A, B, E, al, be, k = j['A'], j['B'], j['E'], j['alpha'], j['beta'], j['ratio']
            c, g, l0, d0 = j['curve']
            loss = lambda n: E + A / n ** al + B / (k * n) ** be
            out = {'from_loss': [], 'from_score': []}
            for L in j['losses']:
                out['from_loss'].append(float(np.exp(brentq(lambda u: loss(np.exp(u)) - L, 0, np.log(1e20), xtol=1e-14, rtol=1e-15))))
            for S in j['scores']:
                L = l0 - np.log(c / (S - d0) - 1) / g
                out['from_score'].append(float(np.exp(brentq(lambda u: loss(np.exp(u)) - L, 0, np.log(1e20), xtol=1e-14, rtol=1e-15))))
            print(json.dumps(out))
            """;

    @Test
    void inversionEqualsScipyBrentq() throws Exception {
        ReferenceLaw law = new ReferenceLaw(new ChinchillaLaw(), HOFFMANN.toArray(), Double.NaN, 20);
        ScoreCurve curve = new ScoreCurve(0.8, -3, 2.6, 0.15);
        double[] losses = {1.9, 2.1, 2.5, 3.2, 5.0};
        double[] scores = {0.3, 0.6, 0.85};
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("A", 406.4);
        in.put("B", 410.7);
        in.put("E", 1.69);
        in.put("alpha", 0.34);
        in.put("beta", 0.28);
        in.put("ratio", 20);
        in.put("curve", curve.toArray());
        in.put("losses", losses);
        in.put("scores", scores);
        JsonObject ref = PythonReference.runOnJson(SCIPY_INVERT, in);
        for (int i = 0; i < losses.length; i++) {
            double scipy = ref.getAsJsonArray("from_loss").get(i).getAsDouble();
            double ours = law.effectiveParams(losses[i]);
            System.out.printf("loss %.2f: N_eff lmlab %.12g scipy %.12g%n", losses[i], ours, scipy);
            assertEquals(scipy, ours, 1e-9 * scipy);
            // Hand check: the law at N_eff gives back the loss.
            assertEquals(losses[i], law.loss(ours), 1e-12);
        }
        for (int i = 0; i < scores.length; i++) {
            double scipy = ref.getAsJsonArray("from_score").get(i).getAsDouble();
            double ours = law.effectiveParams(scores[i], curve);
            System.out.printf("score %.2f: N_eff lmlab %.12g scipy %.12g%n", scores[i], ours, scipy);
            assertEquals(scipy, ours, 1e-9 * scipy);
        }
    }

    static final String SCIPY_LINE = """
            import json, sys
            from scipy.stats import linregress
            j = json.load(open(sys.argv[1]))
            r = linregress(j['t'], j['y'])
            print(json.dumps({'slope': r.slope, 'intercept': r.intercept, 'r2': r.rvalue ** 2}))
            """;

    /** The whole pipeline on the bundled data: reference fit, score curve, densities, trend. */
    List<ModelDensity> pipeline() {
        List<Run> runs = reference.stream().map(r -> new Run(Double.parseDouble(r[0]), Double.parseDouble(r[1]),
                Double.parseDouble(r[2]))).toList();
        LawFit lossLaw = new LawFitter(new ChinchillaLaw()).fit(ScalingData.of(runs));
        System.out.println("reference law: " + lossLaw.formula());
        double[][] d = scored();
        ScoreCurve curve = ScoreCurve.fit(d[0], d[1]).curve();
        try (Table t = modelTable()) {
            return Densing.densities(t, COLUMNS, ReferenceLaw.tokensPerParam(lossLaw, 20), curve);
        }
    }

    @Test
    void trendEqualsScipyAndRecoversThePublishedSlope() throws Exception {
        List<ModelDensity> densities = pipeline();
        DensityTrend trend = DensityTrend.fit(densities, DensityTrend.Selection.ALL);
        double[] t = densities.stream().mapToDouble(m -> m.released().toEpochDay() - trend.origin().toEpochDay()).toArray();
        double[] y = densities.stream().mapToDouble(m -> Math.log(m.density())).toArray();
        JsonObject ref = PythonReference.runOnJson(SCIPY_LINE, Map.of("t", t, "y", y));
        System.out.println(trend);
        assertEquals(ref.get("slope").getAsDouble(), trend.slope(), 1e-9 * Math.abs(trend.slope()));
        assertEquals(ref.get("intercept").getAsDouble(), trend.intercept(), 1e-9 * Math.abs(trend.intercept()));
        assertEquals(ref.get("r2").getAsDouble(), trend.r2(), 1e-9);

        List<Interval> ci = trend.bootstrap(2000, 42, 0.95);
        ci.forEach(System.out::println);
        Interval a = ci.get(0);
        Interval months = ci.get(1);
        // Generator: A = 0.007 per day, the paper's slope; ln 2 / 0.007 = 99.0 days = 3.25 months.
        assertTrue(a.lower() <= 0.007 && 0.007 <= a.upper(), "A = 0.007 outside " + a);
        double published = Math.log(2) / 0.007 / DensityTrend.DAYS_PER_MONTH;
        assertEquals(3.25, published, 0.01);
        assertTrue(months.lower() <= published && published <= months.upper(), published + " outside " + months);
        // The effective sizes match the generator's true densities: score noise (sd 0.002) moves the estimate
        // most where the sigmoid flattens (scores near c + d), so within a factor 2 each, median within 15 %.
        double[] logRatios = new double[densities.size()];
        for (int i = 0; i < densities.size(); i++) {
            double truth = Double.parseDouble(models.get(i)[4]);
            double ratio = densities.get(i).density() / truth;
            logRatios[i] = Math.abs(Math.log(ratio));
            assertTrue(ratio > 0.5 && ratio < 2, densities.get(i) + " vs true density " + truth);
        }
        java.util.Arrays.sort(logRatios);
        System.out.printf("density / true density: median |ln| %.3f, max |ln| %.3f%n", logRatios[logRatios.length / 2],
                logRatios[logRatios.length - 1]);
        assertTrue(logRatios[logRatios.length / 2] < Math.log(1.15));
        try (Table table = Densing.toTable(densities, allocator)) {
            assertEquals(List.of("model", "released", "params", "effective_params", "density", "on_frontier"),
                    table.columnNames());
            for (int i = 0; i < densities.size(); i++) {
                double rho = (Double) table.get("density", i);
                assertEquals((Double) table.get("effective_params", i) / (Double) table.get("params", i), rho, 1e-12 * rho);
            }
        }
        DensityTrend frontier = DensityTrend.fit(densities, DensityTrend.Selection.FRONTIER);
        System.out.println("frontier: " + frontier);
        assertTrue(frontier.fitted().size() < densities.size());
    }

    @Test
    void badInputSaysWhatIsWrong() {
        ReferenceLaw law = new ReferenceLaw(new ChinchillaLaw(), HOFFMANN.toArray(), Double.NaN, 20);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> law.effectiveParams(1.5));
        assertTrue(e.getMessage().contains("below the law's floor"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ScoreCurve(0.8, -3, 2.6, 0.15).loss(0.99));
        assertTrue(e.getMessage().contains("outside the score curve's range"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ScoreCurve.fit(new double[] {1, 2, 3}, new double[] {1, 2, 3}));
        assertTrue(e.getMessage().contains("need at least 5 reference models"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ReferenceLaw(new ChinchillaLaw(), HOFFMANN.toArray(), 1e9, 20));
        assertTrue(e.getMessage().contains("exactly one"), e.getMessage());
        List<ModelDensity> two = List.of(new ModelDensity("a", LocalDate.of(2023, 1, 1), 1e9, 1e9),
                new ModelDensity("b", LocalDate.of(2023, 6, 1), 1e9, 2e9));
        e = assertThrows(IllegalArgumentException.class, () -> DensityTrend.fit(two, DensityTrend.Selection.ALL));
        assertTrue(e.getMessage().contains("need at least 3 models"), e.getMessage());
        try (Table t = modelTable()) {
            e = assertThrows(IllegalArgumentException.class, () -> Densing.densities(t,
                    new Densing.Columns("model", "date", "params", "score"), law, new ScoreCurve(0.8, -3, 2.6, 0.15)));
            assertTrue(e.getMessage().contains("missing column 'date'"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Densing.densities(t, COLUMNS, law,
                    new ScoreCurve(0.5, -3, 2.6, 0.15)));
            assertTrue(e.getMessage().startsWith("row "), e.getMessage());
        }
    }
}
