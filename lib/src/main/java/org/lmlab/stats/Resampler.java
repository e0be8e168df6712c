package org.lmlab.stats;

import java.util.SplittableRandom;

/**
 * Resample indices of bootstrap replicates. Replicate i draws from its own generator, seeded by
 * a SplitMix64 mix of (master seed, i), so a replicate's indices depend on nothing else: not on
 * thread count, scheduling, or how many replicates run ({@link #indices}, used by the parallel
 * refits of scaling-law bootstraps). A sequential bootstrap instead draws every replicate from one
 * stream ({@link #draw}); both draw indices the same way, here.
 */
public final class Resampler {

    private Resampler() {
    }

    /** The seed of replicate {@code replicate} under {@code masterSeed}. */
    public static long replicateSeed(long masterSeed, int replicate) {
        return mix64(masterSeed + 0x9E3779B97F4A7C15L * (replicate + 1L));
    }

    /** {@code n} indices drawn uniformly from {@code [0, n)} with replacement. */
    public static int[] indices(long masterSeed, int replicate, int n) {
        int[] idx = new int[n];
        draw(new SplittableRandom(replicateSeed(masterSeed, replicate)), idx);
        return idx;
    }

    /** Fills {@code row} with the next resample from {@code random}: indices into a sample of {@code row.length}. */
    public static void draw(SplittableRandom random, int[] row) {
        for (int k = 0; k < row.length; k++) {
            row[k] = random.nextInt(row.length);
        }
    }

    /** How many times each of the {@code n} runs appears among {@code indices}. */
    public static double[] counts(int[] indices, int n) {
        double[] c = new double[n];
        for (int i : indices) {
            c[i]++;
        }
        return c;
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
