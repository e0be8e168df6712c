package org.lmlab.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lmlab.progress.Progress;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.ScalingData;
import org.lmlab.scaling.bootstrap.Bootstrap;
import org.lmlab.scaling.bootstrap.BootstrapOptions;
import org.lmlab.scaling.bootstrap.BootstrapResult;

/**
 * Issue 21's acceptance 1 for the bootstrap: a real standalone cluster (a master and two workers, separate processes)
 * runs the Chinchilla bootstrap and gives the local result bit for bit.
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
             SparkRunner spark = SparkRunner.connect(cluster.masterUrl(), Map.of(
                     "spark.driver.host", "127.0.0.1",
                     "spark.executor.memory", "512m",
                     "spark.executor.extraClassPath", LocalStandaloneCluster.executorClassPath()),
                     Duration.ofSeconds(90))) {
            awaitExecutors(spark, 2, 90_000);
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
