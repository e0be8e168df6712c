package org.lmlab.scaling.hestness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.lmlab.progress.Progress;
import org.lmlab.reference.PythonReference;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.LawFitter;
import org.lmlab.scaling.LawScipy;
import org.lmlab.scaling.ScalingData;
import org.lmlab.scaling.bootstrap.Bootstrap;
import org.lmlab.scaling.bootstrap.BootstrapOptions;
import org.lmlab.scaling.bootstrap.BootstrapResult;
import org.lmlab.stats.Interval;
import org.lmlab.scaling.law.KaplanLaw;

/**
 * Hestness learning curve ε(m) = α m^β_g + γ on the bundled synthetic curve (generate_hestness.py:
 * α = 3, β_g = −0.3, γ = 0.2, 1 % noise): the fit equals scipy's L-BFGS-B on the same Huber-in-log
 * objective from every default start (law_scipy.py, acceptance 1), and the bootstrap intervals contain
 * the generator's constants (acceptance 2).
 */
class HestnessTest {

    static ScalingData curve() throws Exception {
        List<String> lines = Files.readAllLines(PythonReference.root().resolve("datasets/scaling-dynamics/hestness-curve.csv"));
        List<String> rows = lines.subList(1, lines.size());
        return Hestness.data(rows.stream().mapToDouble(r -> Double.parseDouble(r.split(",")[0])).toArray(),
                rows.stream().mapToDouble(r -> Double.parseDouble(r.split(",")[1])).toArray());
    }

    @Test
    void fitEqualsScipyAndRecoversTheGenerator() throws Exception {
        ScalingData data = curve();
        KaplanLaw law = Hestness.law();
        LawFit fit = new LawFitter(law).fit(data);
        List<double[]> starts = IntStream.range(0, law.startCount()).mapToObj(law::start).toList();
        LawScipy.Fit scipy = LawScipy.fit(law.name(), data, starts, null, null).get(0);
        Map<String, Double> ours = Hestness.constants(fit);
        Map<String, Double> ref = Hestness.constants(law.naturalParameters(scipy.theta()));
        for (String k : ours.keySet()) {
            double rel = LawScipy.rel(ours.get(k), ref.get(k));
            System.out.printf("hestness %-6s lmlab %.12g scipy %.12g relative difference %.2e%n", k, ours.get(k), ref.get(k), rel);
            assertTrue(rel < 1e-6, k + ": " + ours.get(k) + " vs scipy " + ref.get(k));
        }
        System.out.printf("hestness objective lmlab %.15g scipy %.15g%n", fit.objective(), scipy.objective());
        assertEquals(scipy.objective(), fit.objective(), 1e-9 * scipy.objective());

        BootstrapResult boot = new Bootstrap(new LawFitter(law)).run(data, fit,
                BootstrapOptions.defaults().withReplicates(1000).withThreads(2), Progress.NONE);
        Map<String, Double> truth = Map.of("A", 3.0, "alpha", 0.3, "E", 0.2);
        truth.forEach((k, v) -> {
            Interval i = boot.interval(k);
            System.out.println(i + " (generator " + v + ")");
            assertTrue(i.lower() <= v && v <= i.upper(), k + " = " + v + " outside " + i);
        });
    }

    @Test
    void badInputSaysWhatIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Hestness.data(new double[] {1, 2}, new double[] {1}));
        assertTrue(e.getMessage().contains("one error per data size"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Hestness.data(new double[] {1, 2}, new double[] {1, -1}));
        assertTrue(e.getMessage().startsWith("row 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new LawFitter(Hestness.law()).fit(Hestness.data(new double[] {1e3, 1e4}, new double[] {1, 0.5})));
        assertTrue(e.getMessage().contains("need at least 3 runs"), e.getMessage());
    }
}
