package org.lmlab.scaling.isoflop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.lmlab.reference.PythonReference;
import org.lmlab.scaling.ChinchillaData;
import org.lmlab.scaling.ChinchillaParams;
import org.lmlab.scaling.LawScipy;
import org.lmlab.scaling.Run;
import org.lmlab.scaling.SyntheticRuns;

/**
 * Approach 2 on a synthetic IsoFLOP set (the bundled Chinchilla runs do not form FLOP groups):
 * 4 budgets × 9 model sizes from Hoffmann et al.'s published law with 0.5 % noise. Parabolas and the
 * power law are checked against numpy.polyfit on the same numbers.
 */
class IsoFlopTest {

    static final ChinchillaParams HOFFMANN = ChinchillaParams.ofNatural(406.4, 410.7, 1.69, 0.34, 0.28);
    static final double[] BUDGETS = {1e18, 1e19, 1e20, 1e21};
    static final List<Run> RUNS = SyntheticRuns.isoFlop(HOFFMANN, BUDGETS, 9, 0.005, 11);

    @Test
    void matchesNumpyPolyfit() throws Exception {
        List<List<Run>> groups = IsoFlop.groupByFlops(RUNS, 0.01);
        assertEquals(4, groups.size());
        IsoFlop.Result result = IsoFlop.fit(groups);
        String script = "import sys, numpy as np\n"
                + "d = np.genfromtxt(sys.argv[1], delimiter=',', names=True)\n"
                + "C = 6 * d['params'] * d['tokens']\n"
                + "lc, ln = [], []\n"
                + "for c in sorted(set(np.round(np.log10(C), 6))):\n"
                + "    m = np.abs(np.log10(C) - c) < 1e-3\n"
                + "    p = np.polyfit(np.log(d['params'][m]), d['loss'][m], 2)\n"
                + "    x = -p[1] / (2 * p[0])\n"
                + "    print('budget', repr(float(np.mean(C[m]))), *[repr(float(v)) for v in p], repr(float(np.exp(x))))\n"
                + "    lc.append(np.log(np.mean(C[m]))); ln.append(x)\n"
                + "a, b = np.polyfit(lc, ln, 1)\n"
                + "print('power', repr(float(np.exp(b))), repr(float(a)))\n";
        java.nio.file.Path csv = java.nio.file.Files.createTempFile("lmlab-isoflop", ".csv");
        java.nio.file.Files.writeString(csv, "params,tokens,loss\n" + RUNS.stream()
                .map(r -> r.params() + "," + r.tokens() + "," + r.loss()).collect(Collectors.joining("\n")));
        String[] lines = PythonReference.run(script, csv.toString()).strip().split("\n");
        for (int k = 0; k < 4; k++) {
            String[] v = lines[k].split(" ");
            IsoFlop.Profile p = result.profiles().get(k);
            assertEquals(Double.parseDouble(v[1]), p.flops(), 1e-12 * p.flops());
            for (int j = 0; j < 3; j++) {
                double ref = Double.parseDouble(v[2 + j]);
                assertTrue(LawScipy.rel(p.parabola()[j], ref) < 1e-8, "budget " + k + " c" + (2 - j) + ": "
                        + p.parabola()[j] + " vs numpy " + ref);
            }
            double nRef = Double.parseDouble(v[5]);
            System.out.printf("C=%.3g N_opt lmlab %.10g numpy %.10g relative difference %.2e%n", p.flops(),
                    p.optimalParams(), nRef, LawScipy.rel(p.optimalParams(), nRef));
            assertTrue(LawScipy.rel(p.optimalParams(), nRef) < 1e-8);
        }
        String[] power = lines[4].split(" ");
        System.out.println(result + "  numpy: k=" + power[1] + " a=" + power[2]);
        assertTrue(LawScipy.rel(result.params().coefficient(), Double.parseDouble(power[1])) < 1e-7);
        assertTrue(LawScipy.rel(result.params().exponent(), Double.parseDouble(power[2])) < 1e-9);
        // D_opt = C/(6 N_opt) makes the two exponents sum to 1.
        assertEquals(1.0, result.params().exponent() + result.tokens().exponent(), 1e-12);
        // Sanity against the generating law: N_opt ∝ C^{β/(α+β)} = C^0.4516 (the parabola is an approximation).
        assertEquals(0.28 / (0.34 + 0.28), result.params().exponent(), 0.02);
    }

    @Test
    void bundledChinchillaRunsDoNotFormIsoFlopGroups() {
        List<List<Run>> groups = IsoFlop.groupByFlops(ChinchillaData.replicationRuns(), 0.01);
        long usable = groups.stream().filter(g -> g.stream().mapToDouble(Run::params).distinct().count() >= 3).count();
        System.out.println("Chinchilla runs: " + groups.size() + " groups at 1 % tolerance, " + usable + " with >= 3 sizes");
        assertTrue(groups.size() > 60, "the figure-extracted budgets are spread continuously");
    }

    @Test
    void badProfilesAreClearErrors() {
        List<Run> two = List.of(new Run(1e8, 1e9, 3), new Run(2e8, 5e8, 3.1));
        var e = assertThrows(IllegalArgumentException.class, () -> IsoFlop.fit(List.of(two, two)));
        assertEquals("budget C = 6.000e+17 FLOPs has 2 distinct model sizes; a parabola needs at least 3", e.getMessage());
        List<Run> concave = List.of(new Run(1e8, 1e9, 3), new Run(2e8, 5e8, 3.5), new Run(4e8, 2.5e8, 3));
        e = assertThrows(IllegalArgumentException.class, () -> IsoFlop.fit(List.of(concave, concave)));
        assertTrue(e.getMessage().contains("opens downwards"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> IsoFlop.fit(List.of(concave)));
        assertEquals("need at least 2 FLOP budgets for the power law, got 1", e.getMessage());
    }
}
