package org.lmlab.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.lmlab.progress.Cancellation;
import org.lmlab.progress.Progress;
import org.lmlab.reference.PythonReference;

/**
 * The bootstrap engine's two random schemes against their documented definitions (drawn here directly from
 * {@link SplittableRandom}), its thread independence, stop and progress, and its percentile intervals against
 * {@code numpy.percentile} and a hand calculation.
 */
class BootstrapEngineTest {

    @Test
    void sequentialSchemeDrawsEveryReplicateFromOneStream() {
        int n = 17;
        BootstrapEngine engine = BootstrapEngine.sequential(25, 99);
        // The documented scheme: one SplittableRandom(seed), n calls of nextInt(n) per replicate, replicates in order.
        SplittableRandom stream = new SplittableRandom(99);
        int[][] expected = new int[25][n];
        for (int[] row : expected) {
            for (int k = 0; k < n; k++) {
                row[k] = stream.nextInt(n);
            }
        }
        int[][] seen = new int[25][];
        engine.forEach(n, Progress.NONE, (r, idx) -> seen[r] = idx.clone());
        assertArrayEquals(expected, seen);
        assertArrayEquals(expected, engine.indices(n));
    }

    @Test
    void perReplicateSchemeSeedsEachReplicateAndIgnoresThreads() {
        int n = 40;
        int[][] expected = new int[300][n];
        for (int r = 0; r < expected.length; r++) {
            // The documented scheme: replicate r draws from SplittableRandom(replicateSeed(seed, r)).
            SplittableRandom own = new SplittableRandom(Resampler.replicateSeed(7, r));
            for (int k = 0; k < n; k++) {
                expected[r][k] = own.nextInt(n);
            }
        }
        for (int threads : new int[] {1, 4}) {
            int[][] seen = new int[300][];
            BootstrapEngine engine = BootstrapEngine.perReplicate(300, 7, threads);
            engine.forEach(n, Progress.NONE, (r, idx) -> seen[r] = idx.clone());
            assertArrayEquals(expected, seen, threads + " threads");
            assertArrayEquals(expected, engine.indices(n));
        }
        // Replicate r does not depend on how many replicates run.
        int[][] fewer = BootstrapEngine.perReplicate(10, 7, 2).indices(n);
        assertArrayEquals(Arrays.copyOf(expected, 10), fewer);
        // A range on the calling thread gives the same replicates (Spark tasks run ranges).
        int[][] range = new int[300][];
        BootstrapEngine.perReplicate(300, 7, 4).forRange(120, 180, n, (r, idx) -> range[r] = idx.clone());
        assertArrayEquals(Arrays.copyOfRange(expected, 120, 180), Arrays.copyOfRange(range, 120, 180));
        assertThrows(IllegalArgumentException.class,
                () -> BootstrapEngine.perReplicate(300, 7, 1).forRange(250, 301, n, (r, idx) -> { }));
        assertThrows(IllegalStateException.class,
                () -> BootstrapEngine.sequential(300, 7).forRange(0, 1, n, (r, idx) -> { }));
    }

    @Test
    void progressStepsOncePerReplicate() {
        AtomicLong total = new AtomicLong();
        AtomicLong steps = new AtomicLong();
        AtomicInteger done = new AtomicInteger();
        Progress counting = new Progress() {
            @Override
            public void start(long t, String label) {
                total.set(t);
            }

            @Override
            public void step(long units) {
                steps.addAndGet(units);
            }

            @Override
            public void done() {
                done.incrementAndGet();
            }
        };
        BootstrapEngine.perReplicate(33, 1, 3).run(5, "test", counting, (r, idx) -> { });
        assertEquals(33, total.get());
        assertEquals(33, steps.get());
        assertEquals(1, done.get());
        BootstrapEngine.sequential(12, 1).run(5, "test", counting, (r, idx) -> { });
        assertEquals(12, total.get());
        assertEquals(45, steps.get());
        assertEquals(2, done.get());
    }

    @Test
    void aRequestedStopEndsBothSchemesAndAFailureNamesItsCause() {
        for (BootstrapEngine engine : new BootstrapEngine[] {BootstrapEngine.sequential(1_000_000, 3),
                BootstrapEngine.perReplicate(1_000_000, 3, 2)}) {
            AtomicInteger calls = new AtomicInteger();
            try {
                assertThrows(Cancellation.CancelledException.class, () -> engine.forEach(8, Progress.NONE, (r, idx) -> {
                    if (calls.incrementAndGet() == 10) {
                        Cancellation.request();
                    }
                }));
                // Sequentially the stop comes at the next replicate; two workers may each finish the one they hold.
                assertTrue(calls.get() <= 12, engine.scheme() + ": replicates after the request: " + (calls.get() - 10));
            } finally {
                Cancellation.reset();
            }
        }
        var e = assertThrows(IllegalStateException.class, () -> BootstrapEngine.perReplicate(50, 3, 2).forEach(8,
                Progress.NONE, (r, idx) -> {
                    if (r == 20) {
                        throw new ArithmeticException("singular design");
                    }
                }));
        assertEquals("bootstrap failed: singular design", e.getMessage());
        assertEquals("cannot bootstrap an empty group",
                assertThrows(IllegalArgumentException.class, () -> BootstrapEngine.sequential(5, 1).indices(0)).getMessage());
        assertEquals("replicates must be >= 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> BootstrapEngine.sequential(-1, 1)).getMessage());
    }

    @Test
    void intervalLeavesFailedReplicatesOutByHand() {
        // Finite values 1, 2, 3, 4 at level 0.5: quantiles 0.25 and 0.75 by numpy's linear rule,
        // h = 3 * 0.25 = 0.75 -> 1 + 0.75 * (2 - 1) = 1.75 and h = 2.25 -> 3 + 0.25 * (4 - 3) = 3.25.
        double[] values = {4, Double.NaN, 1, Double.POSITIVE_INFINITY, 3, 2};
        assertEquals(2, BootstrapEngine.failures(values));
        Interval i = BootstrapEngine.interval("x", 2.5, values, 0.5, Double.NaN);
        assertEquals(new Interval("x", 2.5, 1.75, 3.25, 0.5), i);
        Interval none = BootstrapEngine.interval("x", 1, new double[] {Double.NaN, Double.NaN}, 0.9, 0.1);
        assertTrue(Double.isNaN(none.lower()) && Double.isNaN(none.upper()));
        // No replicates at all (a two-stage bootstrap whose first stage kept none): nothing runs, bounds are NaN.
        AtomicInteger ran = new AtomicInteger();
        BootstrapEngine.perReplicate(0, 1, 2).forEach(5, Progress.NONE, (r, idx) -> ran.incrementAndGet());
        assertEquals(0, ran.get());
        Interval empty = BootstrapEngine.intervals(java.util.List.of("a"), new double[] {1}, new double[0][], 0.9).get(0);
        assertTrue(Double.isNaN(empty.lower()) && Double.isNaN(empty.upper()));
        assertEquals("confidence level must lie in (0, 1), got 1.0", assertThrows(IllegalArgumentException.class,
                () -> BootstrapEngine.interval("x", 1, values, 1, Double.NaN)).getMessage());
    }

    @Test
    void intervalsMatchNumpyPercentile() throws Exception {
        SplittableRandom random = new SplittableRandom(5);
        double[][] rows = new double[401][2];
        for (double[] row : rows) {
            row[0] = random.nextGaussian();
            row[1] = Math.exp(random.nextGaussian());
        }
        rows[17][1] = Double.NaN; // a failed replicate, left out as numpy's nanpercentile leaves it out
        var intervals = BootstrapEngine.intervals(java.util.List.of("a", "b"), new double[] {0, 1}, rows, 0.9);
        String data = Arrays.stream(rows).map(r -> String.format(Locale.ROOT, "%.17g %.17g", r[0], r[1]))
                .collect(Collectors.joining(";"));
        String out = PythonReference.run("""
                import sys, numpy as np
                v = np.array([[float(x) for x in r.split()] for r in sys.argv[1].split(";")])
                for k in range(2):
                    lo, hi = np.nanpercentile(v[:, k], [5, 95])
                    print(repr(float(lo)), repr(float(hi)))
                """, data).strip();
        String[] lines = out.split("\\R");
        for (int k = 0; k < 2; k++) {
            String[] ref = lines[k].trim().split(" ");
            Interval i = intervals.get(k);
            assertEquals(Double.parseDouble(ref[0]), i.lower(), 1e-12 * Math.abs(i.lower()), i.name());
            assertEquals(Double.parseDouble(ref[1]), i.upper(), 1e-12 * Math.abs(i.upper()), i.name());
            assertEquals(0.9, i.level());
        }
    }
}
