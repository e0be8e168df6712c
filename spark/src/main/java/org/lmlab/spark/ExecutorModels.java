package org.lmlab.spark;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.lmlab.model.LanguageModel;
import org.lmlab.model.LoadOptions;
import org.lmlab.model.extrapolation.sweep.SweepTask;
import org.lmlab.model.extrapolation.sweep.SweepTaskSpec;
import org.lmlab.progress.Progress;

/**
 * The model an executor JVM has loaded, kept for every sweep cell it runs (the pattern of DJL's Spark extension: a
 * model per executor, partitions mapped through it). Keyed by the local model path and the load options; a cell that
 * asks for another model closes this one first, so an executor holds one model at a time. The decoder runs one
 * forward pass at a time, so cells on one executor take turns on it (set {@code spark.task.cpus} to the executor's
 * cores to run one cell per executor with all its cores). The tasks built from their specs are kept too (a
 * perplexity task keeps its tokenised text).
 */
final class ExecutorModels {

    private record Key(Path path, LoadOptions options) {}

    private static final ReentrantLock LOCK = new ReentrantLock();
    private static Key key;
    private static LanguageModel model;
    private static final Map<SweepTaskSpec, SweepTask> TASKS = new HashMap<>();

    private ExecutorModels() {
    }

    /** Runs {@code work} on the model at {@code path} loaded with {@code options}, loading it on first use. */
    static <T> T with(Path path, LoadOptions options, Function<LanguageModel, T> work) throws InterruptedException {
        LOCK.lockInterruptibly();
        try {
            Key wanted = new Key(path.toAbsolutePath(), options);
            if (!wanted.equals(key)) {
                if (model != null) {
                    model.close();
                    model = null;
                    key = null;
                    TASKS.clear();
                }
                model = LanguageModel.load(path.toString(), options, Progress.NONE);
                key = wanted;
                loads++;
            }
            return work.apply(model);
        } finally {
            LOCK.unlock();
        }
    }

    /** Whether this JVM holds the model at {@code path} loaded with {@code options} (its weights already in memory). */
    static boolean holds(Path path, LoadOptions options) {
        LOCK.lock();
        try {
            return new Key(path.toAbsolutePath(), options).equals(key);
        } finally {
            LOCK.unlock();
        }
    }

    /** The task of {@code spec} (built once per model), its files read from this executor's copies. */
    static SweepTask task(SweepTaskSpec spec) {
        if (!LOCK.isHeldByCurrentThread()) {
            throw new IllegalStateException("tasks are built while holding the model");
        }
        return TASKS.computeIfAbsent(spec, s -> s.build(file -> ShippedModel.shipped(file.getFileName().toString(),
                "task file", file.toString())));
    }

    private static int loads;

    /** Models loaded by this JVM so far (tests check that one executor loads once). */
    static int loads() {
        LOCK.lock();
        try {
            return loads;
        } finally {
            LOCK.unlock();
        }
    }
}
