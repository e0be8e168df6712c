package org.lmlab.scaling.steplaw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lmlab.progress.Progress;
import org.lmlab.stats.Interval;

/**
 * Acceptance 2: the published constants against the authors' released bootstrap fit, and recovery of
 * the published law from a synthetic grid generated from it with seeded noise.
 */
class StepLawRecoveryTest {

    /**
     * The paper's eq. (1)–(2) constants are the authors' released 1000-replicate fit (mean intercept and
     * exponents, their fit_tool.py get_mean_lr_bs_scaling_model): exponents to the printed 3 decimals,
     * d to 2; c is printed 1.79 where exp(mean intercept) = 1.7973 (truncated, not rounded).
     */
    @Test
    void publishedConstantsAreTheReleasedBootstrapMean() throws Exception {
        List<String> lines = Files.readAllLines(StepLawData.BOOTSTRAP);
        assertEquals("lr_intercept,lr_coefN,lr_coefD,bs_intercept,bs_coefD", lines.get(0));
        double[] mean = new double[5];
        for (String line : lines.subList(1, lines.size())) {
            String[] v = line.split(",");
            for (int k = 0; k < 5; k++) {
                mean[k] += Double.parseDouble(v[k]) / (lines.size() - 1);
            }
        }
        assertEquals(1000, lines.size() - 1);
        StepLaw p = StepLaw.PUBLISHED;
        assertEquals(p.c(), Math.exp(mean[0]), 0.01);
        assertEquals(p.alpha(), mean[1], 5e-4);
        assertEquals(p.beta(), mean[2], 5e-4);
        assertEquals(p.d(), Math.exp(mean[3]), 5e-3);
        assertEquals(p.gamma(), mean[4], 5e-4);
        // the paper's worked example style: 1e9 parameters on 1e11 tokens (hand: 1.79·10^(−6.417)·10^(3.377))
        assertEquals(1.79 * Math.pow(10, -9 * 0.713 + 11 * 0.307), p.learningRate(1e9, 1e11), 1e-15);
        assertEquals(0.58 * Math.pow(10, 11 * 0.571), p.batchTokens(1e11), 1e-6);
    }

    /**
     * Nine (N, D) groups, 15 learning rates × 13 batch sizes each. Loss is a bowl in (ln lr, ln B) around
     * the published law's optimum, each group's optimum scattered by 5 % (lognormal) to mimic real grids,
     * plus 0.1 % Gaussian noise per run. The fitted constants' 95 % bootstrap intervals must contain
     * the published ones.
     */
    @Test
    void recoversPublishedLawFromSyntheticGrid() {
        List<HparamRun> runs = synthetic(StepLaw.PUBLISHED, 7);
        StepLawFit fit = new StepLawFitter(StepLawOptions.DEFAULT).fit(runs, Progress.NONE);
        System.out.println(fit);
        assertEquals(9, fit.groups().size());
        assertTrue(fit.groups().stream().allMatch(g -> g.method() == GroupOptimum.Method.SURFACE));
        StepLaw p = StepLaw.PUBLISHED;
        double[] truth = {p.c(), p.alpha(), p.beta(), p.d(), p.gamma()};
        for (int k = 0; k < 5; k++) {
            Interval i = fit.intervals().get(k);
            assertTrue(i.lower() <= truth[k] && truth[k] <= i.upper(), i + " should contain " + truth[k]);
        }
    }

    static List<HparamRun> synthetic(StepLaw law, long seed) {
        Random random = new Random(seed);
        List<HparamRun> runs = new ArrayList<>();
        for (double n : new double[] {1e8, 3e8, 1e9}) {
            for (double d : new double[] {2e9, 1e10, 5e10}) {
                double x0 = Math.log(law.learningRate(n, d)) + 0.05 * random.nextGaussian();
                double y0 = Math.log(law.batchTokens(d)) + 0.05 * random.nextGaussian();
                double floor = 1.7 + 400 / Math.pow(n, 0.34) + 400 / Math.pow(d, 0.28);
                for (int i = 0; i < 15; i++) {
                    for (int j = 0; j < 13; j++) {
                        double lr = 1e-4 * Math.pow(2, i / 2.0);
                        double batch = 32768 * Math.pow(2, j / 2.0);
                        double u = Math.log(lr) - x0;
                        double v = Math.log(batch) - y0;
                        double loss = floor + 0.02 * u * u + 0.01 * u * v + 0.012 * v * v;
                        runs.add(new HparamRun(n, d, lr, batch, loss * (1 + 0.001 * random.nextGaussian())));
                    }
                }
            }
        }
        return runs;
    }

    @Test
    void badInputSaysWhatIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HparamRun(1e8, 1e9, -3e-4, 1e5, 2.5));
        assertTrue(e.getMessage().contains("lr must be finite and > 0"), e.getMessage());
        List<HparamRun> twoGroups = synthetic(StepLaw.PUBLISHED, 1).stream()
                .filter(r -> r.params() == 1e8 && r.tokens() < 2e10).toList();
        e = assertThrows(IllegalArgumentException.class,
                () -> new StepLawFitter(StepLawOptions.DEFAULT).fit(twoGroups, Progress.NONE));
        assertTrue(e.getMessage().contains("at least 3 (N, D) groups"), e.getMessage());
        // fixed tokens per parameter: D = 20 N in every group
        List<HparamRun> base = synthetic(StepLaw.PUBLISHED, 1).stream()
                .filter(r -> r.params() == 1e8 && r.tokens() == 2e9).toList();
        List<HparamRun> three = new ArrayList<>();
        for (double n : new double[] {1e8, 3e8, 1e9}) {
            three.addAll(base.stream().map(r -> new HparamRun(n, 20 * n, r.lr(), r.batch(), r.loss())).toList());
        }
        e = assertThrows(IllegalArgumentException.class,
                () -> new StepLawFitter(StepLawOptions.DEFAULT).fit(three, Progress.NONE));
        assertTrue(e.getMessage().contains("vary together"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StepLawOptions.DEFAULT.withWindow(0));
        assertTrue(e.getMessage().contains("window"), e.getMessage());
        // a group of two runs: optimum is the best run, with the reason
        List<HparamRun> tiny = List.of(new HparamRun(1e8, 1e9, 1e-3, 1e5, 2.6), new HparamRun(1e8, 1e9, 2e-3, 1e5, 2.5));
        GroupOptimum g = new StepLawFitter(StepLawOptions.DEFAULT).optimum(tiny);
        assertEquals(GroupOptimum.Method.GRID, g.method());
        assertEquals(2e-3, g.lr());
        assertTrue(g.note().contains("too few runs"), g.note());
    }
}
