package org.lmlab.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lmlab.memory.MemoryBudget;
import org.lmlab.progress.Cancellation;
import org.lmlab.progress.Progress;
import org.lmlab.scaling.bootstrap.Bootstrap;
import org.lmlab.scaling.bootstrap.BootstrapOptions;
import org.lmlab.scaling.law.Laws;

/** A requested stop ends a multi-start fit and a bootstrap promptly, with no worker left running. */
class StopOnRequestTest {

    @AfterEach
    void reset() {
        Cancellation.reset();
    }

    /** Requests a stop after {@code after} steps, and counts the steps. */
    private static final class StopAfter implements Progress {
        final AtomicInteger steps = new AtomicInteger();
        final AtomicInteger started = new AtomicInteger();
        private final int after;

        StopAfter(int after) {
            this.after = after;
        }

        @Override
        public void start(long total, String label) {
            started.incrementAndGet();
        }

        @Override
        public void step(long units) {
            if (steps.incrementAndGet() == after) {
                Cancellation.request();
            }
        }

        @Override
        public void done() {
        }
    }

    @Test
    void aMultiStartFitStopsAndLeavesNoStartRunning() throws Exception {
        AtomicLong evaluations = new AtomicLong();
        DifferentiableFunction slowBowl = (x, g) -> {
            evaluations.incrementAndGet();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            g[0] = 2 * (x[0] - 3);
            return (x[0] - 3) * (x[0] - 3);
        };
        MultiStart multiStart = new MultiStart(new Lbfgs.Options(10, 200, 1e-9, 1e-12), 1e-6);
        StopAfter progress = new StopAfter(20);
        long t0 = System.nanoTime();
        assertThrows(Cancellation.CancelledException.class,
                () -> multiStart.minimize(slowBowl, 100_000, i -> new double[] {i}, true, progress));
        long seen = evaluations.get();
        assertTrue(System.nanoTime() - t0 < 10e9, "stopped promptly");
        assertTrue(progress.steps.get() < 20 + 2 * Runtime.getRuntime().availableProcessors() + 2,
                "starts after the request: " + (progress.steps.get() - 20));
        Thread.sleep(200);
        assertEquals(seen, evaluations.get(), "a start kept evaluating after the fit returned");

        Cancellation.reset();
        MultiStart.Outcome ok = multiStart.minimize(slowBowl, 4, i -> new double[] {i}, true, Progress.NONE);
        assertEquals(3, ok.best().x()[0], 1e-6);
    }

    @Test
    void aBootstrapStopsAndItsWorkersEnd() throws Exception {
        ScalingData data = ScalingData.of(ChinchillaData.replicationRuns());
        LawFitter fitter = new LawFitter(Laws.byName("kaplan-n", null));
        LawFit full = fitter.fit(data);
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        StopAfter progress = new StopAfter(10);
        BootstrapOptions options = BootstrapOptions.defaults().withReplicates(1_000_000).withThreads(2);
        long t0 = System.nanoTime();
        assertThrows(Cancellation.CancelledException.class,
                () -> new Bootstrap(fitter).run(data, full, options, progress));
        assertTrue(System.nanoTime() - t0 < 10e9, "stopped promptly");
        assertTrue(progress.steps.get() <= 10 + 2, "replicates after the request: " + (progress.steps.get() - 10));
        Set<String> left = Set.of();
        for (int wait = 0; wait < 50; wait++) {
            left = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.isAlive() && t.getName().startsWith("ForkJoinPool-"))
                    .map(Thread::getName).collect(Collectors.toSet());
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(20);
        }
        assertEquals(Set.of(), left, "bootstrap workers still alive");

        Cancellation.reset();
        assertEquals(3, new Bootstrap(fitter).run(data, full, options.withReplicates(3), Progress.NONE)
                .replicates().size());
    }

    @Test
    void aBootstrapTooLargeForTheHeapIsRefusedBeforeItStarts() {
        ScalingData data = ScalingData.of(ChinchillaData.replicationRuns());
        LawFitter fitter = new LawFitter(Laws.byName("kaplan-n", null));
        LawFit full = fitter.fit(data);
        StopAfter progress = new StopAfter(Integer.MAX_VALUE);
        MemoryBudget.TooLargeException e = assertThrows(MemoryBudget.TooLargeException.class, () -> new Bootstrap(
                fitter).run(data, full, BootstrapOptions.defaults().withReplicates(Integer.MAX_VALUE), progress));
        assertTrue(e.getMessage().startsWith("replicates 2147483647 needs ~"), e.getMessage());
        assertEquals(0, progress.started.get());
    }
}
