package org.lmlab.scaling.crossover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.lmlab.reference.PythonReference;
import org.lmlab.scaling.ChinchillaParams;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.LawScipy;
import org.lmlab.scaling.bootstrap.Bootstrap;
import org.lmlab.scaling.bootstrap.BootstrapOptions;
import org.lmlab.scaling.bootstrap.BootstrapResult;
import org.lmlab.scaling.law.ChinchillaLaw;

/**
 * Crossover of two Chinchilla-form laws along N at 20 tokens per parameter, against
 * scipy.optimize.brentq on ln L_A − ln L_B in ln N (same bracket scan), and the bootstrap interval
 * against numpy.percentile of brentq roots over the same replicate pairs.
 */
class CrossoverScipyTest {

    /** Hoffmann et al.'s published law and a law with a higher floor but a smaller N term: they cross. */
    static final ChinchillaParams A = ChinchillaParams.ofNatural(406.4, 410.7, 1.69, 0.34, 0.28);
    static final ChinchillaParams B = ChinchillaParams.ofNatural(250.0, 520.0, 1.74, 0.33, 0.29);

    static final String SCRIPT = """
            import sys, json, numpy as np
            from scipy.optimize import brentq
            cfg = json.load(open(sys.argv[1]))
            r = 20.0
            def logL(t, n):
                a, b, e, al, be = t
                return np.log(np.exp(e) + np.exp(a) / n ** al + np.exp(b) / (r * n) ** be)
            def cross(ta, tb):
                g = lambda x: logL(ta, np.exp(x)) - logL(tb, np.exp(x))
                x = np.linspace(np.log(1e6), np.log(1e14), 401)
                v = np.array([g(z) for z in x])
                idx = [i for i in range(400) if v[i] == 0 or v[i] * v[i + 1] < 0]
                if not idx:
                    return float('nan')
                i = idx[0]
                return float(np.exp(brentq(g, x[i], x[i + 1], xtol=2e-12)))
            print(repr(cross(cfg['a'], cfg['b'])))
            roots = np.array([cross(ta, tb) for ta, tb in zip(cfg['ra'], cfg['rb'])])
            ok = roots[np.isfinite(roots)]
            print(len(ok), *[repr(float(v)) for v in np.percentile(ok, [2.5, 97.5])])
            """;

    static LawFit fit(double[] theta) {
        return new LawFit(new ChinchillaLaw(), theta, 0, 0, 0, 1, 1, 0, Map.of(), Duration.ZERO);
    }

    /** A bootstrap result whose replicates are the full fit's coordinates plus seeded Gaussian noise. */
    static BootstrapResult replicates(ChinchillaParams p, long seed, int count) {
        Random random = new Random(seed);
        double[] sd = {0.05, 0.05, 0.01, 0.004, 0.004};
        List<Bootstrap.Replicate> reps = new ArrayList<>();
        for (int r = 0; r < count; r++) {
            double[] t = p.toArray();
            for (int k = 0; k < 5; k++) {
                t[k] += sd[k] * random.nextGaussian();
            }
            reps.add(new Bootstrap.Replicate(t, 0, 0));
        }
        return new BootstrapResult(fit(p.toArray()), new BootstrapOptions(count, seed, 1, 0.95, 5.76e23), List.of(),
                new double[count][0], reps, List.of(), Duration.ZERO);
    }

    @Test
    void matchesBrentqAndNumpyPercentiles() throws Exception {
        BootstrapResult ra = replicates(A, 1, 200);
        BootstrapResult rb = replicates(B, 2, 200);
        Crossover crossover = new Crossover(20, 1e6, 1e14);
        Crossover.WithInterval result = crossover.find(ra, rb, 0.95);
        String json = "{\"a\": " + Arrays.toString(A.toArray()) + ", \"b\": " + Arrays.toString(B.toArray())
                + ", \"ra\": " + thetas(ra) + ", \"rb\": " + thetas(rb) + "}";
        java.nio.file.Path file = java.nio.file.Files.createTempFile("lmlab-crossover", ".json");
        java.nio.file.Files.writeString(file, json);
        String[] lines = PythonReference.run(SCRIPT, file.toString()).strip().split("\n");
        double ref = Double.parseDouble(lines[0]);
        Crossover.Point p = result.point();
        System.out.println("lmlab " + result + "\n  scipy brentq N* = " + ref + ", interval " + lines[1]
                + "; relative difference " + LawScipy.rel(p.params(), ref));
        assertTrue(LawScipy.rel(p.params(), ref) < 1e-9);
        assertEquals(20 * p.params(), p.tokens(), 1e-6 * p.tokens());
        assertEquals(A.predict(p.params(), p.tokens()), B.predict(p.params(), p.tokens()), 1e-10);
        String[] v = lines[1].split(" ");
        assertEquals(Integer.parseInt(v[0]), result.crossed());
        assertTrue(LawScipy.rel(result.params().lower(), Double.parseDouble(v[1])) < 1e-9);
        assertTrue(LawScipy.rel(result.params().upper(), Double.parseDouble(v[2])) < 1e-9);
        assertTrue(result.params().lower() < p.params() && p.params() < result.params().upper());
    }

    private static String thetas(BootstrapResult r) {
        return r.replicates().stream().map(x -> Arrays.toString(x.theta())).collect(Collectors.joining(",", "[", "]"));
    }

    @Test
    void handCheckedRootWhenOnlyTheNTermsDiffer() {
        // Same B, beta, and E + 0.05 for the second law: 156.4 / N^0.34 = 0.05 gives N* = 3128^(1/0.34).
        ChinchillaParams b = ChinchillaParams.ofNatural(250.0, 410.7, 1.74, 0.34, 0.28);
        Crossover.Point p = new Crossover(20, 1e6, 1e14).find(fit(A.toArray()), fit(b.toArray()));
        assertEquals(Math.pow(156.4 / 0.05, 1 / 0.34), p.params(), 1e-6 * p.params());
        assertEquals(1, p.crossings());
    }

    @Test
    void noCrossingAndBadRangeSaySo() {
        ChinchillaParams lower = ChinchillaParams.ofNatural(406.4, 410.7, 1.60, 0.34, 0.28);
        assertNull(new Crossover(20, 1e6, 1e14).find(fit(A.toArray()), fit(lower.toArray())));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Crossover(20, 1e6, 1e14).find(fit(A.toArray()), fit(A.toArray())));
        assertTrue(e.getMessage().contains("same loss along the whole range"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Crossover(20, 1e9, 1e8));
        assertTrue(e.getMessage().contains("nMin < nMax"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Crossover(0, 1e6, 1e8));
        assertTrue(e.getMessage().contains("tokens per parameter"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Brent.root(x -> x * x + 1, -1, 1, 1e-12, 1e-15, 100));
        assertTrue(e.getMessage().contains("opposite signs"), e.getMessage());
    }
}
