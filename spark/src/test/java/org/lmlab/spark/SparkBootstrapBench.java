package org.lmlab.spark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.lmlab.progress.Progress;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.ScalingData;
import org.lmlab.scaling.bootstrap.Bootstrap;
import org.lmlab.scaling.bootstrap.BootstrapOptions;

/**
 * Benchmark entry point (docs/scale-out.md): the Chinchilla bootstrap on local threads, on Spark {@code local[N]}
 * and, with a third argument {@code cluster}, on a two-worker standalone cluster of this machine, for several task
 * counts; prints {@code key=value} lines. Each Spark configuration runs once untimed first (JIT, executors' class
 * loading).
 *
 * <p>Arguments: replicates, threads (local threads and N of local[N]), and optionally {@code cluster}.
 */
public final class SparkBootstrapBench {

    private SparkBootstrapBench() {
    }

    public static void main(String[] args) throws Exception {
        int replicates = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        ScalingData data = ChinchillaRuns.replicationRuns();
        LawFit full = ChinchillaRuns.fitter().fit(data);
        BootstrapOptions options = BootstrapOptions.defaults().withReplicates(replicates).withThreads(threads);
        Bootstrap local = new Bootstrap(ChinchillaRuns.fitter());
        local.run(data, full, options, Progress.NONE);
        System.out.printf("local_threads=%d replicates=%d seconds=%.2f%n", threads, replicates,
                local.run(data, full, options, Progress.NONE).elapsed().toMillis() / 1e3);
        try (SparkRunner spark = SparkRunner.connect("local[" + threads + "]", Map.of("spark.driver.host", "127.0.0.1",
                "spark.ui.enabled", "false"), SparkRunner.DEFAULT_TIMEOUT)) {
            sweepTasks(spark, data, full, options);
        }
        if (args.length > 2 && args[2].equals("cluster")) {
            try (LocalStandaloneCluster cluster = LocalStandaloneCluster.start(Path.of("target/spark-bench"), 2, 1, "768m");
                 SparkRunner spark = SparkRunner.connect(cluster.masterUrl(), Map.of("spark.driver.host", "127.0.0.1",
                         "spark.executor.memory", "512m", "spark.ui.enabled", "false",
                         "spark.executor.extraClassPath", LocalStandaloneCluster.executorClassPath()), Duration.ofSeconds(90))) {
                while (spark.status().executors() < 2) {
                    Thread.sleep(250);
                }
                sweepTasks(spark, data, full, options);
            }
        }
    }

    private static void sweepTasks(SparkRunner spark, ScalingData data, LawFit full, BootstrapOptions options) {
        SparkBootstrap bootstrap = new SparkBootstrap(spark, ChinchillaRuns::fitter);
        bootstrap.run(data, full, options, 8, Progress.NONE);
        for (int tasks : new int[] {2, 8, 32, 128, options.replicates()}) {
            double seconds = bootstrap.run(data, full, options, tasks, Progress.NONE).elapsed().toMillis() / 1e3;
            System.out.printf("master=%s tasks=%d replicates=%d seconds=%.2f%n", spark.master(), Math.min(tasks,
                    options.replicates()), options.replicates(), seconds);
        }
    }
}
