package org.lmlab.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.lmlab.model.LanguageModel;
import org.lmlab.model.LoadOptions;
import org.lmlab.model.engine.MemoryEstimate;
import org.lmlab.model.extrapolation.sweep.Sweep;

/**
 * Whether a sweep's model fits an executor, checked on the executor before any cell is submitted. The weights,
 * their native copies and the KV cache live in PyTorch's native memory, outside the Java heap, so the executor's heap
 * is not the limit: what the machine has available ({@code MemAvailable}) is, narrowed to the container's headroom
 * (cgroup limit less usage) and to {@code spark.executor.memoryOverhead} when those are set (YARN and Kubernetes kill
 * an executor whose native memory outgrows its overhead).
 */
final class ExecutorMemory {

    private static final double MIB = 1024.0 * 1024.0;

    private ExecutorMemory() {
    }

    /** What the executor can use, in bytes, and what limits it (for the message); bytes &lt; 0: unknown. */
    record Available(long bytes, String source) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** What a model needs on an executor that is short of it: the message and both figures. */
    record Shortfall(String message, long needed, long available) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** This executor's available memory: the smallest of MemAvailable, the cgroup's headroom and the overhead set. */
    static Available measure() {
        List<Available> limits = new ArrayList<>();
        limits.add(new Available(Sweep.availableMemory(), "MemAvailable of the machine"));
        limits.add(cgroupHeadroom());
        SparkEnv env = SparkEnv.get();
        SparkConf conf = env == null ? null : env.conf();
        if (conf != null && conf.contains("spark.executor.memoryOverhead")) {
            limits.add(new Available(conf.getSizeAsMb("spark.executor.memoryOverhead") * 1024 * 1024,
                    "spark.executor.memoryOverhead=" + conf.get("spark.executor.memoryOverhead")));
        }
        return limits.stream().filter(a -> a.bytes() >= 0).min((a, b) -> Long.compare(a.bytes(), b.bytes()))
                .orElse(new Available(-1, "unknown"));
    }

    /** The container's memory limit less its usage (cgroup v2, else v1); unknown (-1) when unlimited. */
    private static Available cgroupHeadroom() {
        long v2 = headroom(Path.of("/sys/fs/cgroup/memory.max"), Path.of("/sys/fs/cgroup/memory.current"));
        if (v2 >= 0) {
            return new Available(v2, "the container's memory limit (cgroup memory.max less memory.current)");
        }
        long v1 = headroom(Path.of("/sys/fs/cgroup/memory/memory.limit_in_bytes"),
                Path.of("/sys/fs/cgroup/memory/memory.usage_in_bytes"));
        return new Available(v1, "the container's memory limit (cgroup memory.limit_in_bytes less usage)");
    }

    private static long headroom(Path limitFile, Path usageFile) {
        try {
            String limit = Files.readString(limitFile).trim();
            // "max" (v2) or a page-rounded 2^63 (v1): no limit
            if (limit.equals("max") || limit.length() >= 19) {
                return -1;
            }
            return Math.max(0, Long.parseLong(limit) - Long.parseLong(Files.readString(usageFile).trim()));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The shortfall of model {@code name} (its file {@code local} on this executor, loaded with {@code options}) for
     * a KV cache of {@code positions} positions when {@code available} is less than its estimate
     * ({@link LanguageModel#estimate}: weights, the decode step's native copies, the cache); null when it fits or the
     * available memory is unknown. With {@code loaded} the executor holds the model already, so only the cache counts.
     */
    static Shortfall shortfall(String name, Path local, LoadOptions options, int positions, boolean loaded,
                               Available available, String executor) {
        MemoryEstimate e = LanguageModel.estimate(local.toString(), options);
        long kv = e.contextLength() == 0 ? 0 : e.kvCacheBytes() / e.contextLength() * positions;
        long weights = loaded ? 0 : e.weightBytes() + e.nativeCopyBytes();
        long need = weights + kv;
        if (available.bytes() < 0 || need <= available.bytes()) {
            return null;
        }
        String parts = loaded ? "the weights are loaded already; KV cache of " + String.format(Locale.ROOT, "%,d",
                positions) + " positions " + mib(kv)
                : String.format(Locale.ROOT, "%,d parameters as %s: weights %s + native copies %s + KV cache of %,d"
                        + " positions %s", e.parameters(), e.weightType(), mib(e.weightBytes()), mib(e.nativeCopyBytes()),
                        positions, mib(kv));
        return new Shortfall(String.format(Locale.ROOT, "the model %s needs about %s (%,d bytes: %s) on executor %s,"
                + " but only %s (%,d bytes) are available there (%s); give the executors more memory (bigger"
                + " workers, spark.executor.memoryOverhead on YARN/Kubernetes), run shorter lengths, or use a smaller"
                + " model or F16. Nothing ran; the results file was not touched", name, mib(need), need, parts,
                executor, mib(available.bytes()), available.bytes(), available.source()), need, available.bytes());
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,.0f MiB", bytes / MIB);
    }
}
