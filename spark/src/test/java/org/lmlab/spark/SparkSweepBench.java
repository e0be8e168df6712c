package org.lmlab.spark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.lmlab.model.LanguageModel;
import org.lmlab.model.LoadOptions;
import org.lmlab.model.extrapolation.sweep.MethodSpec;
import org.lmlab.model.extrapolation.sweep.PerplexitySpec;
import org.lmlab.model.extrapolation.sweep.PerplexityTask;
import org.lmlab.model.extrapolation.sweep.Sweep;
import org.lmlab.model.extrapolation.sweep.SweepGrid;
import org.lmlab.model.extrapolation.sweep.SweepTask;
import org.lmlab.progress.Progress;
import org.lmlab.scaleout.SweepOutcome;

/**
 * Benchmark entry point (bench/spark_bench.sh, docs/benchmarks.md): one perplexity sweep grid of SmolLM2-135M on the
 * local sweep (this JVM), on Spark {@code local[N]} and, with {@code cluster}, on a two-worker standalone cluster of
 * this machine. Each Spark configuration runs the grid twice: cold (each executor loads the model) and warm (the
 * executors' models are reused). Prints one {@code key=value} line per run.
 *
 * <p>Arguments: lengths (e.g. {@code 64,128,256}), methods (e.g. {@code none,ntk:2,yarn:2,sinks:4+28}), N of
 * local[N], and optionally {@code cluster}.
 */
public final class SparkSweepBench {

    private static final String MODEL = "smollm2-135m";

    private SparkSweepBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> lengths = new ArrayList<>();
        for (String n : args[0].split(",")) {
            lengths.add(Integer.parseInt(n.strip()));
        }
        List<MethodSpec> methods = new ArrayList<>();
        for (String m : args[1].split(",")) {
            methods.add(MethodSpec.parse(m.strip(), 8192));
        }
        int threads = Integer.parseInt(args[2]);
        Path text = SparkSweepTest.TEXT;
        SweepTask task = new PerplexityTask(text.getFileName().toString(), Files.readString(text), 0, 0, 0);
        PerplexitySpec spec = PerplexitySpec.file(text, StandardCharsets.UTF_8, 0, 0, 0);
        SweepGrid grid = new SweepGrid(MODEL, task.definition(), methods, lengths, List.of(), List.of());
        int cells = grid.cells().size();
        Path dir = Files.createTempDirectory("lmlab-spark-bench");
        try (BufferAllocator allocator = new RootAllocator()) {
            long t0 = System.nanoTime();
            double local;
            try (LanguageModel model = LanguageModel.load(MODEL, "cpu", Progress.NONE)) {
                double load = seconds(t0);
                long t1 = System.nanoTime();
                Sweep.on(model, task, grid).results(dir.resolve("local.jsonl")).run(allocator).close();
                local = seconds(t1);
                report("local", "this JVM, 1 sweep thread", cells, local, load, local);
            }
            try (SparkRunner spark = SparkRunner.connect("local[" + threads + "]", Map.of("spark.driver.host",
                    "127.0.0.1", "spark.ui.enabled", "false"), SparkRunner.DEFAULT_TIMEOUT)) {
                runTwice(spark, "local[" + threads + "]", spec, grid, dir, allocator, local);
            }
            if (args.length > 3 && args[3].equals("cluster")) {
                try (LocalStandaloneCluster cluster = LocalStandaloneCluster.start(dir.resolve("cluster"), 2, 1, "768m");
                     SparkRunner spark = SparkRunner.connect(cluster.masterUrl(), Map.of("spark.driver.host",
                             "127.0.0.1", "spark.executor.memory", "512m", "spark.ui.enabled", "false",
                             "spark.executor.extraClassPath", LocalStandaloneCluster.executorClassPath()),
                             Duration.ofSeconds(90))) {
                    while (spark.status().executors() < 2) {
                        Thread.sleep(250);
                    }
                    runTwice(spark, "standalone", spec, grid, dir, allocator, local);
                }
            }
        }
    }

    private static void runTwice(SparkRunner spark, String where, PerplexitySpec spec, SweepGrid grid, Path dir,
                                 BufferAllocator allocator, double local) {
        for (String pass : List.of("cold", "warm")) {
            long t = System.nanoTime();
            try (SweepOutcome out = SparkSweep.on(spark, MODEL, LoadOptions.defaults().withDevice("cpu"), spec, grid)
                    .results(dir.resolve(where.replaceAll("\\W", "") + "-" + pass + ".jsonl")).run(allocator)) {
                if (!out.failed().isEmpty()) {
                    throw new IllegalStateException("failed cells: " + out.failed());
                }
            }
            report(where, pass + ", " + spark.status().executors() + " executor(s)", grid.cells().size(), seconds(t),
                    0, local);
        }
    }

    private static void report(String where, String how, int cells, double seconds, double load, double local) {
        System.out.printf(Locale.ROOT, "where=%s how=\"%s\" cells=%d seconds=%.2f model_load=%.2f cells_per_hour=%.0f "
                + "overhead_per_cell_vs_local=%.3f%n", where, how, cells, seconds, load, cells / seconds * 3600,
                (seconds - local) / cells);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
