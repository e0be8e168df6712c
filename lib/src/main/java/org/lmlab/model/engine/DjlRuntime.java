package org.lmlab.model.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Starts DJL's PyTorch engine the way this project pins it: offline (natives come from the
 * bundled {@code pytorch-native-cpu} jar, never downloaded), PyTorch 2.7.1, CPU flavour. DJL reads
 * each setting from an environment variable or a system property; a value the user already set
 * either way wins, so {@code PYTORCH_LIBRARY_PATH} / {@code PYTORCH_FLAVOR=cu124} can point at a
 * local CUDA libtorch.
 */
public final class DjlRuntime {

    /** Settings applied when neither the environment nor a system property gives them. */
    static final Map<String, String> DEFAULTS =
            Map.of("ai.djl.offline", "true", "PYTORCH_VERSION", "2.7.1", "PYTORCH_FLAVOR", "cpu");

    /** The engine once started, so provenance can name its version without starting it. */
    private static volatile Engine started;

    private DjlRuntime() {}

    /** Sets the pinned defaults (if unset) and returns the loaded PyTorch engine. */
    public static synchronized Engine pytorch() {
        applyDefaults(System.getenv());
        started = Engine.getEngine("PyTorch");
        return started;
    }

    /** The PyTorch version when this process has started the engine; empty otherwise (nothing is loaded). */
    public static Optional<String> startedPytorchVersion() {
        Engine engine = started;
        return engine == null ? Optional.empty() : Optional.of(engine.getVersion());
    }

    /** PyTorch's intra-op threads now (the engine's setting unless changed). */
    public static int intraOpThreads() {
        pytorch();
        return JniUtils.getNumThreads();
    }

    /**
     * Runs {@code work} with {@code threads} intra-op threads (0: as they are), then restores the
     * count. Many small operations (training a tiny model) on a machine whose cores are busy with
     * other work run several times faster on one thread than on two that wait for each other.
     */
    public static <T> T withIntraOpThreads(int threads, Supplier<T> work) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0 (0: the engine's setting), got " + threads);
        }
        int before = intraOpThreads();
        if (threads == 0 || threads == before) {
            return work.get();
        }
        JniUtils.setNumThreads(threads);
        try {
            return work.get();
        } finally {
            JniUtils.setNumThreads(before);
        }
    }

    /**
     * Prepares a worker thread of a pool for PyTorch work as DJL prepares the thread that starts the
     * engine: gradient recording off (PyTorch's grad mode is per thread and on by default, so
     * in-place updates of trained parameters would fail there) and {@code threads} intra-op threads,
     * not restored: the pool's creator restores its own count when all workers are done.
     */
    public static void prepareWorkerThread(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        pytorch();
        JniUtils.setGradMode(false);
        JniUtils.setNumThreads(threads);
    }

    /** Sets each default as a system property unless {@code env} or the system properties have it. */
    static void applyDefaults(Map<String, String> env) {
        DEFAULTS.forEach(
                (key, value) -> {
                    if (env.get(key) == null && System.getProperty(key) == null) {
                        System.setProperty(key, value);
                    }
                });
    }
}
