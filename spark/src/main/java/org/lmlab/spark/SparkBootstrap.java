package org.lmlab.spark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.lmlab.progress.Progress;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.LawFitter;
import org.lmlab.scaling.ScalingData;
import org.lmlab.scaling.bootstrap.Bootstrap;
import org.lmlab.scaling.bootstrap.BootstrapOptions;
import org.lmlab.scaling.bootstrap.BootstrapResult;

/**
 * The scaling-law bootstrap ({@link Bootstrap}) with its replicates run as Spark tasks: the runs are broadcast once,
 * replicates are split into contiguous chunks (one partition, so one task, per chunk), each task refits its chunk
 * with the local code, and the driver assembles the same {@link BootstrapResult} a local run gives. Replicate r's
 * resample depends only on (seed, r, runs), so the result does not depend on the chunking, the executors or retries;
 * only {@link BootstrapResult#elapsed()} and {@link BootstrapResult#ranOn()} differ. {@link BootstrapOptions#threads()}
 * is unused: Spark's task slots are the parallelism.
 */
public final class SparkBootstrap {

    private final SparkRunner spark;
    private final FitterFactory factory;

    /** @param factory builds the fitter on each executor; it must build the fitter that fitted the full data */
    public SparkBootstrap(SparkRunner spark, FitterFactory factory) {
        this.spark = spark;
        this.factory = factory;
    }

    /** Runs with four chunks per task slot (Spark's default parallelism), at most one per replicate. */
    public BootstrapResult run(ScalingData data, LawFit full, BootstrapOptions options, Progress progress) {
        return run(data, full, options, 4 * spark.context().defaultParallelism(), progress);
    }

    /**
     * Runs the bootstrap in {@code chunks} Spark tasks (capped at the replicate count); progress counts tasks.
     *
     * @param full the fit of {@code data} (point estimates and warm start) by the fitter {@code factory} builds
     */
    public BootstrapResult run(ScalingData data, LawFit full, BootstrapOptions options, int chunks, Progress progress) {
        if (chunks < 1) {
            throw new IllegalArgumentException("chunks must be >= 1, got " + chunks);
        }
        LawFitter fitter = factory.create();
        Bootstrap local = new Bootstrap(fitter);
        LawFitter.requireEnoughRuns(fitter.law(), data.size());
        local.requireHeap(full.theta(), options);
        long t0 = System.nanoTime();
        List<BootstrapChunk.Range> ranges = ranges(options.replicates(), Math.min(chunks, options.replicates()));
        JavaSparkContext context = spark.context();
        Broadcast<ShippedRuns> runs = context.broadcast(ShippedRuns.of(data));
        String what = "Bootstrap of the " + fitter.law().name() + " fit on Spark " + spark.master() + " ("
                + options.replicates() + " resamples of " + data.size() + " runs, " + ranges.size() + " tasks)";
        progress.start(ranges.size(), what);
        spark.uiUrl().ifPresent(url -> progress.note("Spark UI: " + url));
        List<BootstrapChunk.Refits> parts;
        try {
            BootstrapChunk task = new BootstrapChunk(runs, factory, full.theta(), options.seed());
            parts = SparkJobWatch.await(context, what, progress,
                    () -> context.parallelize(ranges, ranges.size()).map(task).collectAsync());
        } finally {
            progress.done();
            runs.destroy();
        }
        Bootstrap.Replicate[] replicates = new Bootstrap.Replicate[options.replicates()];
        parts.forEach(part -> part.copyTo(replicates));
        return local.assemble(full, options, replicates, Duration.ofNanos(System.nanoTime() - t0),
                "Spark " + spark.master() + ", " + ranges.size() + " tasks");
    }

    /** {@code chunks} contiguous ranges covering [0, replicates), sizes differing by at most one. */
    static List<BootstrapChunk.Range> ranges(int replicates, int chunks) {
        List<BootstrapChunk.Range> out = new ArrayList<>(chunks);
        for (int i = 0; i < chunks; i++) {
            out.add(new BootstrapChunk.Range((int) ((long) replicates * i / chunks), (int) ((long) replicates * (i + 1) / chunks)));
        }
        return out;
    }
}
