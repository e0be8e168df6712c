package org.lmlab.scaling.bootstrap;

/**
 * Options of a bootstrap.
 *
 * @param replicates resamples to refit (&ge; 1)
 * @param seed       master seed; replicate i resamples with a seed derived from (seed, i) only
 * @param threads    worker threads (&ge; 1); results do not depend on it
 * @param level      confidence level of the percentile intervals, in (0, 1)
 * @param flops      compute budget C at which derived quantities (N_opt, D_opt, …) are computed
 */
public record BootstrapOptions(int replicates, long seed, int threads, double level, double flops) {

    /** The replication's budget, 5.76e23 FLOPs (Chinchilla's). */
    public static final double CHINCHILLA_FLOPS = 5.76e23;

    public BootstrapOptions {
        if (replicates < 1) {
            throw new IllegalArgumentException("replicates must be >= 1, got " + replicates);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), got " + level);
        }
        if (!(flops > 0) || Double.isInfinite(flops)) {
            throw new IllegalArgumentException("flops must be finite and > 0, got " + flops);
        }
    }

    /** 4,000 replicates (as the replication), seed 42, all available cores, 95 %, at 5.76e23 FLOPs. */
    public static BootstrapOptions defaults() {
        return new BootstrapOptions(4000, 42, Runtime.getRuntime().availableProcessors(), 0.95, CHINCHILLA_FLOPS);
    }

    public BootstrapOptions withReplicates(int r) {
        return new BootstrapOptions(r, seed, threads, level, flops);
    }

    public BootstrapOptions withSeed(long s) {
        return new BootstrapOptions(replicates, s, threads, level, flops);
    }

    public BootstrapOptions withThreads(int t) {
        return new BootstrapOptions(replicates, seed, t, level, flops);
    }
}
