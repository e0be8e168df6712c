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
import org.lmlab.model.extrapolation.sweep.ResultsFile;
import org.lmlab.model.extrapolation.sweep.Sweep;
import org.lmlab.model.extrapolation.sweep.SweepGrid;
import org.lmlab.progress.Progress;
import org.lmlab.scaleout.StudyOutcome;
import org.lmlab.scaleout.SweepOutcome;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.ScalingData;
import org.lmlab.scaling.bootstrap.Bootstrap;
import org.lmlab.scaling.bootstrap.BootstrapOptions;
import org.lmlab.scaling.bootstrap.BootstrapResult;
import org.lmlab.table.Table;
import org.lmlab.training.study.PeStudy;

/**
 * Issue 21's acceptance 1 and 2 on one real standalone cluster (a master and two workers, separate processes, started
 * once: each start costs a minute or two on this machine): the Chinchilla bootstrap gives the local result bit for
 * bit, a tiny positional-encoding study the local study's table, and a perplexity sweep the local sweep's table while
 * a worker is killed mid-sweep; a new worker then joins, and the bootstrap again equals the local one while that worker
 * is killed mid-run. Last, a session asking for more memory than a worker has is a clear error.
 */
class StandaloneClusterTest {

    @Test
    void bootstrapStudyAndSweepOnATwoWorkerClusterEqualTheLocalOnesAlsoLosingAWorker() throws Exception {
        Path dir = Path.of(System.getProperty("lmlab.spark.testdir", "target/spark-cluster"));
        Files.createDirectories(dir);
        ScalingData data = ChinchillaRuns.replicationRuns();
        LawFit full = ChinchillaRuns.fitter().fit(data);
        try (BufferAllocator allocator = new RootAllocator()) {
            // The local references first: the cluster's five JVMs would share this machine's cores with them.
            SweepGrid grid = SparkSweepTest.grid(List.of(64, 96, 128, 160));
            Path localSweep = fresh(dir.resolve("local-sweep.jsonl"));
            long t0 = System.nanoTime();
            SparkSweepTest.localSweep(grid, localSweep, allocator);
            System.out.printf("local sweep of 8 cells: %.1f s with the model load%n", (System.nanoTime() - t0) / 1e9);
            Path localStudy = fresh(dir.resolve("local-study.jsonl"));
            SparkPeStudyTest.localStudy(SparkPeStudyTest.tiny(), localStudy, allocator);
            long t1 = System.nanoTime();
            try (LocalStandaloneCluster cluster = LocalStandaloneCluster.start(dir, 2, 1, "768m");
                 SparkRunner spark = connectToBothWorkers(cluster, "700m")) {
                System.out.printf("%s up with %s after %.1f s%n", cluster, spark.status(), (System.nanoTime() - t1) / 1e9);
                bootstrapEqualsTheLocalOne(spark, data, full);
                studyEqualsTheLocalOne(spark, localStudy, dir, allocator);
                sweepLosingAWorkerEqualsTheLocalOne(cluster, spark, grid, localSweep, dir, allocator);
                long gone = System.currentTimeMillis() + 60_000; // the killed worker's executor is removed
                while (spark.status().executors() > 1 && System.currentTimeMillis() < gone) {
                    Thread.sleep(250);
                }
                assertEquals(1, spark.status().executors(), spark.status().toString());
                String joined = cluster.addWorker(1, "768m");
                awaitExecutors(spark, 2, 90_000);
                losingAWorkerLosesNoReplicate(cluster, joined, spark, data, full);
                spark.stop();
                tooLittleMemoryIsAClearError(cluster);
            }
        }
    }

    private static Path fresh(Path file) throws Exception {
        Files.deleteIfExists(file);
        return file;
    }

    /** The Chinchilla bootstrap, 32 replicates in 8 tasks on both executors: bit for bit the local one. */
    private static void bootstrapEqualsTheLocalOne(SparkRunner spark, ScalingData data, LawFit full) {
        BootstrapOptions options = BootstrapOptions.defaults().withReplicates(32).withSeed(7).withThreads(2);
        BootstrapResult local = new Bootstrap(ChinchillaRuns.fitter()).run(data, full, options, Progress.NONE);
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
    }

    /** Acceptance 1 for the PE study: SparkPeStudyTest's tiny study (4 runs, one task each) equals the local study. */
    private static void studyEqualsTheLocalOne(SparkRunner spark, Path localFile, Path dir, BufferAllocator allocator)
            throws Exception {
        Path clusterFile = fresh(dir.resolve("cluster-study.jsonl"));
        long t1 = System.nanoTime();
        try (StudyOutcome out = SparkPeStudy.of(spark, SparkPeStudyTest.tiny()).results(clusterFile).run(allocator);
             Table local = ResultsFile.table(allocator, "local", PeStudy.COLUMNS, ResultsFile.read(localFile).rows())) {
            System.out.printf("PE study of 4 runs on the cluster: %.1f s%n", (System.nanoTime() - t1) / 1e9);
            assertEquals(List.of(), out.failed());
            assertEquals(4, out.study().trained());
            SparkSweepTest.assertEqualTables(local, out.table(), SparkPeStudyTest.MEASURED);
        }
    }

    /**
     * Acceptance 2 for the bootstrap: worker {@code victim} is killed (SIGKILL, its executor follows) once the first
     * tasks have finished; Spark re-runs the lost tasks on the other executor and the result equals the local one.
     */
    private static void losingAWorkerLosesNoReplicate(LocalStandaloneCluster cluster, String victim, SparkRunner spark,
                                                      ScalingData data, LawFit full) throws Exception {
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
        cluster.process(victim).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        BootstrapResult onCluster = running.get(120, TimeUnit.SECONDS);
        System.out.printf("%s killed after %d of 48 tasks; the run finished with %s%n", victim, stepsAtKill,
                spark.status());
        assertTrue(killedMidway, "the bootstrap ended before the worker was killed: the test proved nothing");
        for (int r = 0; r < options.replicates(); r++) {
            assertArrayEquals(local.values()[r], onCluster.values()[r], "replicate " + r);
        }
        assertEquals(local.intervals(), onCluster.intervals());
    }

    /**
     * Acceptance 1 and 2 for the sweep: a perplexity sweep of 8 cells (the model and the text shipped with addFile,
     * loaded once per executor), worker 1 killed (SIGKILL) once 2 cells are done; Spark re-runs the lost cells on the
     * other executor and the table equals the local sweep's.
     */
    private static void sweepLosingAWorkerEqualsTheLocalOne(LocalStandaloneCluster cluster, SparkRunner spark,
            SweepGrid grid, Path localFile, Path dir, BufferAllocator allocator) throws Exception {
        Path clusterFile = fresh(dir.resolve("cluster-sweep.jsonl"));
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
