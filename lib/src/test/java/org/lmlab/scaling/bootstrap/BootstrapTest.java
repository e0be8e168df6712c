package org.lmlab.scaling.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lmlab.progress.Progress;
import org.lmlab.reference.PythonReference;
import org.lmlab.scaling.ChinchillaData;
import org.lmlab.scaling.ChinchillaFitScipyTestGrid;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.LawFitter;
import org.lmlab.scaling.LawScipy;
import org.lmlab.scaling.ScalingData;
import org.lmlab.scaling.law.ChinchillaLaw;
import org.lmlab.stats.Interval;
import org.lmlab.stats.Resampler;
import org.lmlab.table.Table;

/**
 * The bootstrap on the 240 replication runs: per-replicate refits against scipy on the same
 * resample indices, the warm-started refit against the full 4,500-start grid, thread-count
 * independence, and the percentile intervals against numpy.percentile.
 */
class BootstrapTest {

    static final ScalingData DATA = ScalingData.of(ChinchillaData.replicationRuns());
    static LawFitter fitter;
    static LawFit full;
    static BootstrapResult result;

    @BeforeAll
    static void fitFull() {
        fitter = new LawFitter(new ChinchillaLaw(ChinchillaFitScipyTestGrid.SUB_GRID));
        full = fitter.fit(DATA);
        result = new Bootstrap(fitter).run(DATA, full, BootstrapOptions.defaults().withReplicates(60).withThreads(2),
                Progress.NONE);
        System.out.println(result);
    }

    @Test
    void perReplicateFitsAgreeWithScipyOnTheSameResamples() throws Exception {
        int replicates = 4;
        List<int[]> samples = new ArrayList<>();
        for (int r = 0; r < replicates; r++) {
            samples.add(Resampler.indices(42, r, DATA.size()));
        }
        // scipy refits the resampled arrays (rows repeated) from the same starts: warm start + refit grid.
        List<double[]> starts = new ArrayList<>();
        starts.add(full.theta());
        starts.addAll(fitter.law().refitStarts());
        List<LawScipy.Fit> scipy = LawScipy.fit("chinchilla", DATA, starts, null, samples);
        for (int r = 0; r < replicates; r++) {
            Bootstrap.Replicate ours = result.replicates().get(r);
            Map<String, Double> p = fitter.law().naturalParameters(ours.theta());
            Map<String, Double> ref = fitter.law().naturalParameters(scipy.get(r).theta());
            for (String k : p.keySet()) {
                double rel = LawScipy.rel(p.get(k), ref.get(k));
                System.out.printf("replicate %d %-5s lmlab %.10g scipy %.10g relative difference %.2e%n", r, k, p.get(k),
                        ref.get(k), rel);
                assertTrue(rel < 1e-4, "replicate " + r + " " + k + ": " + p.get(k) + " vs scipy " + ref.get(k));
            }
            double rel = LawScipy.rel(ours.objective(), scipy.get(r).objective());
            System.out.printf("replicate %d objective relative difference %.2e%n", r, rel);
            assertTrue(rel < 1e-9, "replicate " + r + " objective " + ours.objective() + " vs " + scipy.get(r).objective());
        }
    }

    @Test
    void warmStartedRefitReachesTheFullGridOptimum() {
        LawFitter fullGrid = new LawFitter(new ChinchillaLaw());
        Bootstrap bootstrap = new Bootstrap(fitter);
        for (int r : new int[] {0, 17, 33}) {
            int[] idx = Resampler.indices(42, r, DATA.size());
            Bootstrap.Replicate warm = bootstrap.refit(DATA, full.theta(), idx);
            LawFit grid = fullGrid.fit(DATA.subset(idx));
            double rel = LawScipy.rel(warm.objective(), grid.objective());
            System.out.printf("resample %d: warm start %.15g, 4,500-start grid %.15g, relative difference %.2e%n", r,
                    warm.objective(), grid.objective(), rel);
            assertTrue(rel < 1e-9, "resample " + r);
            Map<String, Double> a = fitter.law().naturalParameters(warm.theta());
            Map<String, Double> b = grid.parameters();
            a.forEach((k, v) -> assertTrue(LawScipy.rel(v, b.get(k)) < 1e-4, "resample " + r + " " + k + ": " + v
                    + " vs " + b.get(k)));
        }
    }

    @Test
    void sameResultsForOneThreadAndManyThreads() {
        BootstrapOptions options = BootstrapOptions.defaults().withReplicates(24).withSeed(7);
        Bootstrap bootstrap = new Bootstrap(fitter);
        BootstrapResult one = bootstrap.run(DATA, full, options.withThreads(1), Progress.NONE);
        BootstrapResult four = bootstrap.run(DATA, full, options.withThreads(4), Progress.NONE);
        for (int r = 0; r < 24; r++) {
            assertArrayEquals(one.values()[r], four.values()[r], "replicate " + r);
        }
        assertEquals(one.intervals(), four.intervals());
    }

    @Test
    void aRangeOfRefitsEqualsThoseReplicatesOfTheRun() {
        // What a Spark task computes: replicates [17, 29) on one thread, bit for bit those of the 2-thread run.
        Bootstrap.Replicate[] range = new Bootstrap(fitter).refits(DATA, full.theta(), 42, 17, 29);
        assertEquals(12, range.length);
        for (int i = 0; i < range.length; i++) {
            Bootstrap.Replicate expected = result.replicates().get(17 + i);
            assertArrayEquals(expected.theta(), range[i].theta(), "replicate " + (17 + i));
            assertEquals(expected.objective(), range[i].objective());
            assertEquals(expected.bestStart(), range[i].bestStart());
        }
        var rebuilt = new Bootstrap(fitter).assemble(full, result.options(),
                result.replicates().toArray(new Bootstrap.Replicate[0]), result.elapsed());
        assertEquals(result.intervals(), rebuilt.intervals());
        assertThrows(IllegalArgumentException.class, () -> new Bootstrap(fitter).refits(DATA, full.theta(), 42, 5, 4));
    }

    @Test
    void replicatesDependOnTheSeedOnly() {
        assertArrayEquals(Resampler.indices(42, 5, 240), Resampler.indices(42, 5, 240));
        assertFalse(Arrays.equals(Resampler.indices(42, 5, 240), Resampler.indices(43, 5, 240)));
        assertFalse(Arrays.equals(Resampler.indices(42, 5, 240), Resampler.indices(42, 6, 240)));
    }

    @Test
    void intervalsArePercentilesOfTheReplicatesAsNumpyComputesThem() throws Exception {
        String script = "import sys, numpy as np\n"
                + "for line in sys.stdin.read().split():\n"
                + "    v = np.array([float(x) for x in line.split(',')])\n"
                + "    print(repr(float(np.percentile(v, 2.5))), repr(float(np.percentile(v, 97.5))))\n";
        String input = result.quantities().stream()
                .map(q -> Arrays.stream(result.values(q)).mapToObj(Double::toString).collect(Collectors.joining(",")))
                .collect(Collectors.joining(" "));
        java.nio.file.Path file = java.nio.file.Files.createTempFile("lmlab-bootstrap", ".txt");
        java.nio.file.Files.writeString(file, input);
        String out = PythonReference.run("import sys\nsys.stdin = open(sys.argv[1])\n" + script, file.toString());
        String[] lines = out.strip().split("\n");
        assertEquals(result.quantities().size(), lines.length);
        for (int k = 0; k < lines.length; k++) {
            String[] lohi = lines[k].split(" ");
            Interval i = result.intervals().get(k);
            System.out.println(i + "  numpy [" + lohi[0] + ", " + lohi[1] + "]");
            assertEquals(Double.parseDouble(lohi[0]), i.lower(), 1e-12 * Math.abs(i.lower()), i.name());
            assertEquals(Double.parseDouble(lohi[1]), i.upper(), 1e-12 * Math.abs(i.upper()), i.name());
            assertTrue(i.lower() <= i.upper());
        }
        assertEquals(List.of("A", "B", "E", "alpha", "beta", "N_opt", "D_opt", "tokens_per_param"), result.quantities());
    }

    @Test
    void replicatesAsATable() {
        try (RootAllocator allocator = new RootAllocator(); Table table = result.toTable(allocator)) {
            assertEquals(60, table.rowCount());
            assertEquals(List.of("replicate", "seed", "A", "B", "E", "alpha", "beta", "N_opt", "D_opt",
                    "tokens_per_param", "objective", "best_start"), table.columnNames());
            for (int r = 0; r < 60; r++) {
                assertEquals(result.values("alpha")[r], table.getDouble("alpha", r));
                assertEquals(Resampler.replicateSeed(42, r), table.getLong("seed", r));
            }
        }
    }

    @Test
    void reportsOneProgressStepPerReplicate() {
        AtomicLong steps = new AtomicLong();
        long[] total = {0};
        Progress counting = new Progress() {
            @Override
            public void start(long t, String label) {
                total[0] = t;
            }

            @Override
            public void step(long units) {
                steps.addAndGet(units);
            }

            @Override
            public void done() {
            }
        };
        new Bootstrap(fitter).run(DATA, full, BootstrapOptions.defaults().withReplicates(5), counting);
        assertEquals(5, total[0]);
        assertEquals(5, steps.get());
    }

    @Test
    void badOptionsAreClearErrors() {
        var e = assertThrows(IllegalArgumentException.class, () -> BootstrapOptions.defaults().withReplicates(0));
        assertEquals("replicates must be >= 1, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> result.values("gamma"));
        assertTrue(e.getMessage().startsWith("no bootstrapped quantity 'gamma'"));
    }
}
