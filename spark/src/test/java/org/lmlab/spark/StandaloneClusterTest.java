package org.lmlab.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.lmlab.model.LoadOptions;
import org.lmlab.model.extrapolation.sweep.Sweep;
import org.lmlab.model.extrapolation.sweep.SweepGrid;
import org.lmlab.progress.Progress;
import org.lmlab.scaleout.SweepOutcome;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.ScalingData;
import org.lmlab.scaling.bootstrap.Bootstrap;
import org.lmlab.scaling.bootstrap.BootstrapOptions;
import org.lmlab.scaling.bootstrap.BootstrapResult;
import org.lmlab.table.Table;

/**
 * Issue 21's acceptance 1 for the bootstrap: a real standalone cluster (a master and two workers, separate processes)
 * runs the Chinchilla bootstrap and gives the local result bit for bit, also when a worker is killed mid-run; a
 * perplexity sweep gives the local sweep's table, also when a worker is killed mid-sweep.
 */
class StandaloneClusterTest {

    @Test
    void bootstrapOnATwoWorkerClusterEqualsTheLocalOne() throws Exception {
        ScalingData data = ChinchillaRuns.replicationRuns();
        BootstrapOptions options = BootstrapOptions.defaults().withReplicates(32).withSeed(7).withThreads(2);
        LawFit full = ChinchillaRuns.fitter().fit(data);
        BootstrapResult local = new Bootstrap(ChinchillaRuns.fitter()).run(data, full, options, Progress.NONE);
        Path dir = Path.of(System.getProperty("lmlab.spark.testdir", "target/spark-cluster"));
        long t0 = System.nanoTime();
        try (LocalStandaloneCluster cluster = LocalStandaloneCluster.start(dir, 2, 1, "768m");
             SparkRunner spark = connectToBothWorkers(cluster, "512m")) {
            System.out.printf("%s up with %s after %.1f s%n", cluster, spark.status(), (System.nanoTime() - t0) / 1e9);
            long t1 = System.nanoTime();
            BootstrapResult onCluster = new SparkBootstrap(spark, ChinchillaRuns::fitter).run(data, full, options, 8,
                    Progress.NONE);
            System.out.printf("bootstrap of %d replicates in 8 tasks on the cluster: %.1f s (local, 2 threads: %d ms)%n",
                    options.replicates(), (System.nanoTime() - t1) / 1e9, local.elapsed().toMillis());
            for (int r = 0; r < options.replicates(); r++) {
                assertArrayEquals(local.values()[r], onCluster.values()[r], "replicate " + r);
                assertArrayEquals(local.replicates().get(r).theta(), onCluster.replicates().get(r).theta());
            }
            assertEquals(local.intervals(), onCluster.intervals());
            assertEquals(2, spark.status().executors(), spark.status().toString());
            losingAWorkerLosesNoReplicate(cluster, spark, data, full);
            spark.stop();
            tooLittleMemoryIsAClearError(cluster);
        }
    }

    /**
     * Acceptance 2 for the bootstrap: worker 1 is killed (SIGKILL, its executor follows) once the first tasks have
     * finished; Spark re-runs the lost tasks on the other executor and the result equals the local one.
     */
    private static void losingAWorkerLosesNoReplicate(LocalStandaloneCluster cluster, SparkRunner spark, ScalingData data,
                                                      LawFit full) throws Exception {
        BootstrapOptions options = BootstrapOptions.defaults().withReplicates(240).withSeed(11).withThreads(2);
        BootstrapResult local = new Bootstrap(ChinchillaRuns.fitter()).run(data, full, options, Progress.NONE);
        CountingProgress progress = new CountingProgress();
        CompletableFuture<BootstrapResult> running = CompletableFuture.supplyAsync(() ->
                new SparkBootstrap(spark, ChinchillaRuns::fitter).run(data, full, options, 48, progress));
        long deadline = System.currentTimeMillis() + 60_000;
        while (progress.steps < 2 && !running.isDone() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        boolean killedMidway = !running.isDone();
        long stepsAtKill = progress.steps;
        cluster.process("worker1").destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        BootstrapResult onCluster = running.get(120, TimeUnit.SECONDS);
        System.out.printf("worker 1 killed after %d of 48 tasks; the run finished with %s%n", stepsAtKill, spark.status());
        assertTrue(killedMidway, "the bootstrap ended before the worker was killed: the test proved nothing");
        for (int r = 0; r < options.replicates(); r++) {
            assertArrayEquals(local.values()[r], onCluster.values()[r], "replicate " + r);
        }
        assertEquals(local.intervals(), onCluster.intervals());
    }

    /**
     * Acceptance 1 and 2 for the sweep: a perplexity sweep of 8 cells on a two-worker cluster (the model and the text
     * shipped with addFile, loaded once per executor), worker 1 killed (SIGKILL) once 2 cells are done; Spark re-runs
     * the lost cells on the other executor and the table equals the local sweep's.
     */
    @Test
    void sweepOnATwoWorkerClusterLosingAWorkerEqualsTheLocalOne() throws Exception {
        SweepGrid grid = SparkSweepTest.grid(List.of(64, 96, 128, 160));
        Path dir = Path.of(System.getProperty("lmlab.spark.testdir", "target/spark-cluster") + "-sweep");
        Files.createDirectories(dir);
        Path localFile = dir.resolve("local.jsonl");
        Path clusterFile = dir.resolve("cluster.jsonl");
        Files.deleteIfExists(localFile);
        Files.deleteIfExists(clusterFile);
        try (BufferAllocator allocator = new RootAllocator()) {
            long t0 = System.nanoTime();
            SparkSweepTest.localSweep(grid, localFile, allocator);
            System.out.printf("local sweep of 8 cells: %.1f s with the model load%n", (System.nanoTime() - t0) / 1e9);
            try (LocalStandaloneCluster cluster = LocalStandaloneCluster.start(dir, 2, 1, "768m");
                 SparkRunner spark = connectToBothWorkers(cluster, "700m")) {
                CountingProgress progress = new CountingProgress();
                long t1 = System.nanoTime();
                CompletableFuture<SweepOutcome> running = CompletableFuture.supplyAsync(() -> SparkSweep.on(spark,
                        SparkSweepTest.MODEL, LoadOptions.defaults(), SparkSweepTest.PPL, grid).results(clusterFile)
                        .progress(progress).run(allocator));
                long deadline = System.currentTimeMillis() + 120_000;
                while (progress.steps < 2 && !running.isDone() && System.currentTimeMillis() < deadline) {
                    Thread.sleep(20);
                }
                boolean killedMidway = !running.isDone();
                long stepsAtKill = progress.steps;
                cluster.process("worker1").destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                try (SweepOutcome out = running.get(240, TimeUnit.SECONDS);
                     Table local = Sweep.table(allocator, localFile)) {
                    System.out.printf("sweep of 8 cells on the cluster, worker 1 killed after %d: %.1f s, %s%n",
                            stepsAtKill, (System.nanoTime() - t1) / 1e9, spark.status());
                    assertTrue(killedMidway, "the sweep ended before the worker was killed: the test proved nothing");
                    assertEquals(List.of(), out.failed());
                    assertEquals(8, out.ran());
                    SparkSweepTest.assertEqualTables(local, out.table());
                }
            }
        }
    }

    /** Executors of 4 GiB on a 768 MiB worker: the master accepts the application and never starts one. */
    private static void tooLittleMemoryIsAClearError(LocalStandaloneCluster cluster) {
        long t0 = System.nanoTime();
        var e = assertThrows(IllegalStateException.class, () -> SparkRunner.connect(cluster.masterUrl(), Map.of(
                "spark.driver.host", "127.0.0.1", "spark.executor.memory", "4g"), Duration.ofSeconds(15)));
        System.out.printf("%s (%.1f s)%n", e.getMessage(), (System.nanoTime() - t0) / 1e9);
        assertTrue(e.getMessage().contains(cluster.masterUrl()) && e.getMessage().contains("spark.executor.memory=4g"),
                e.getMessage());
    }

    /** A session on {@code cluster} with executors of {@code executorMemory}, once both workers have started one. */
    private static SparkRunner connectToBothWorkers(LocalStandaloneCluster cluster, String executorMemory)
            throws InterruptedException {
        SparkRunner spark = SparkRunner.connect(cluster.masterUrl(), Map.of(
                "spark.driver.host", "127.0.0.1",
                "spark.executor.memory", executorMemory,
                "spark.executor.extraClassPath", LocalStandaloneCluster.executorClassPath()),
                Duration.ofSeconds(90));
        try {
            awaitExecutors(spark, 2, 90_000);
            return spark;
        } catch (InterruptedException | RuntimeException | AssertionError e) {
            spark.stop();
            throw e;
        }
    }

    /** Waits until {@code count} executors have registered: tasks would otherwise all land on the first one. */
    private static void awaitExecutors(SparkRunner spark, int count, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (spark.status().executors() < count) {
            assertTrue(System.currentTimeMillis() < deadline, "only " + spark.status().executors() + " of " + count
                    + " executors registered within " + millis + " ms");
            Thread.sleep(250);
        }
    }
}
