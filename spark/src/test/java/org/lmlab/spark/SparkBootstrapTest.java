package org.lmlab.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.spark.TaskContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lmlab.progress.Cancellation;
import org.lmlab.progress.Progress;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.ScalingData;
import org.lmlab.scaling.bootstrap.Bootstrap;
import org.lmlab.scaling.bootstrap.BootstrapOptions;
import org.lmlab.scaling.bootstrap.BootstrapResult;

/**
 * The Chinchilla bootstrap on Spark {@code local[2]} against the local bootstrap (lib's BootstrapTest checks that one
 * against scipy refits and numpy.percentile): same seed, so every replicate value and interval must be bit-identical.
 */
class SparkBootstrapTest {

    static final ScalingData DATA = ChinchillaRuns.replicationRuns();
    static final BootstrapOptions OPTIONS = BootstrapOptions.defaults().withReplicates(48).withSeed(42).withThreads(2);

    static SparkRunner spark;
    static LawFit full;
    static BootstrapResult local;

    @BeforeAll
    static void start() {
        full = ChinchillaRuns.fitter().fit(DATA);
        local = new Bootstrap(ChinchillaRuns.fitter()).run(DATA, full, OPTIONS, Progress.NONE);
        spark = SparkRunner.connect("local[2]", Map.of("spark.driver.host", "127.0.0.1"), SparkRunner.DEFAULT_TIMEOUT);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void sparkBootstrapEqualsTheLocalOneBitForBit() {
        CountingProgress progress = new CountingProgress();
        BootstrapResult onSpark = new SparkBootstrap(spark, ChinchillaRuns::fitter).run(DATA, full, OPTIONS, 5, progress);
        System.out.println("local: " + local);
        System.out.println("Spark local[2]: " + onSpark);
        assertEquals(local.quantities(), onSpark.quantities());
        assertEquals(OPTIONS.replicates(), onSpark.values().length);
        double maxDifference = 0;
        for (int r = 0; r < OPTIONS.replicates(); r++) {
            assertArrayEquals(local.values()[r], onSpark.values()[r], "replicate " + r + " values");
            Bootstrap.Replicate a = local.replicates().get(r);
            Bootstrap.Replicate b = onSpark.replicates().get(r);
            assertArrayEquals(a.theta(), b.theta(), "replicate " + r + " parameters");
            assertEquals(Double.doubleToRawLongBits(a.objective()), Double.doubleToRawLongBits(b.objective()));
            assertEquals(a.bestStart(), b.bestStart());
            for (int k = 0; k < a.theta().length; k++) {
                maxDifference = Math.max(maxDifference, Math.abs(a.theta()[k] - b.theta()[k]));
            }
        }
        System.out.println("largest parameter difference over " + OPTIONS.replicates() + " replicates: " + maxDifference);
        assertEquals(local.intervals(), onSpark.intervals());
        assertEquals(5, progress.total, "one progress unit per task");
        assertTrue(progress.steps <= 5, "no more steps than tasks, got " + progress.steps);
        assertTrue(progress.notes.stream().anyMatch(n -> n.startsWith("Spark UI: http://")), progress.notes.toString());
        // the summary says where the refits ran: tasks on Spark, not the options' unused thread count
        assertEquals("Spark local[2], 5 tasks", onSpark.ranOn());
        assertTrue(onSpark.toString().contains("seed 42, Spark local[2], 5 tasks, "), onSpark.toString());
        assertTrue(local.toString().contains("seed 42, 2 threads, "), local.toString());
    }

    @Test
    void theChunkingDoesNotChangeTheResult() {
        BootstrapResult oneTask = new SparkBootstrap(spark, ChinchillaRuns::fitter).run(DATA, full, OPTIONS, 1,
                Progress.NONE);
        BootstrapResult perReplicate = new SparkBootstrap(spark, ChinchillaRuns::fitter).run(DATA, full, OPTIONS, 1000,
                Progress.NONE);
        assertEquals(local.intervals(), oneTask.intervals());
        assertEquals(local.intervals(), perReplicate.intervals());
    }

    @Test
    void aFailingTaskIsAClearErrorAndTheSessionStaysUsable() {
        // The driver builds its fitter; inside a task (TaskContext set) the factory fails, as a missing class would.
        FitterFactory broken = () -> {
            if (TaskContext.get() != null) {
                throw new IllegalStateException("no fitter on this executor (test)");
            }
            return ChinchillaRuns.fitter();
        };
        SparkBootstrap bootstrap = new SparkBootstrap(spark, ChinchillaRuns::fitter);
        var e = assertThrows(IllegalStateException.class, () -> new SparkBootstrap(spark, broken).run(DATA, full, OPTIONS,
                2, Progress.NONE));
        System.out.println(e.getMessage().lines().findFirst().orElse(""));
        assertTrue(e.getMessage().contains("no fitter on this executor (test)"), e.getMessage());
        assertEquals(local.intervals(), bootstrap.run(DATA, full, OPTIONS, 2, Progress.NONE).intervals());
    }

    @Test
    void aStopRequestCancelsTheSparkJob() throws Exception {
        CountingProgress progress = new CountingProgress();
        BootstrapOptions many = OPTIONS.withReplicates(2000);
        CompletableFuture<BootstrapResult> running = CompletableFuture.supplyAsync(() ->
                new SparkBootstrap(spark, ChinchillaRuns::fitter).run(DATA, full, many, 200, progress));
        try {
            while (progress.steps < 1 && !running.isDone()) {
                Thread.sleep(10);
            }
            Cancellation.request();
            var e = assertThrows(ExecutionException.class, () -> running.get(60, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof Cancellation.CancelledException, String.valueOf(e.getCause()));
            assertTrue(progress.steps < 200, "stopped after " + progress.steps + " of 200 tasks");
        } finally {
            Cancellation.reset();
        }
        assertEquals(local.intervals(), new SparkBootstrap(spark, ChinchillaRuns::fitter).run(DATA, full, OPTIONS, 2,
                Progress.NONE).intervals());
    }

    @Test
    void rangesCoverTheReplicatesOnce() {
        var ranges = SparkBootstrap.ranges(10, 4);
        assertEquals(4, ranges.size());
        int next = 0;
        for (var range : ranges) {
            assertEquals(next, range.from());
            assertTrue(range.to() - range.from() >= 2 && range.to() - range.from() <= 3, range.toString());
            next = range.to();
        }
        assertEquals(10, next);
    }
}
