package org.lmlab.spark;

import java.io.Serializable;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.lmlab.scaling.bootstrap.Bootstrap;

/**
 * One Spark task of a bootstrap: refits replicates [from, to) on an executor with the same code a local run uses
 * ({@link Bootstrap#refits}), so each replicate equals its local value.
 */
final class BootstrapChunk implements Function<BootstrapChunk.Range, BootstrapChunk.Refits> {

    private static final long serialVersionUID = 1L;

    /** Replicates {@code from} (inclusive) to {@code to} (exclusive). */
    record Range(int from, int to) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** A range's refits, as arrays (the library's records are not serializable). */
    record Refits(int from, double[][] theta, double[] objective, int[] bestStart) implements Serializable {

        private static final long serialVersionUID = 1L;

        static Refits of(int from, Bootstrap.Replicate[] replicates) {
            int k = replicates.length;
            double[][] theta = new double[k][];
            double[] objective = new double[k];
            int[] bestStart = new int[k];
            for (int i = 0; i < k; i++) {
                theta[i] = replicates[i].theta();
                objective[i] = replicates[i].objective();
                bestStart[i] = replicates[i].bestStart();
            }
            return new Refits(from, theta, objective, bestStart);
        }

        /** Puts these refits into {@code into} at their replicate positions. */
        void copyTo(Bootstrap.Replicate[] into) {
            for (int i = 0; i < theta.length; i++) {
                into[from + i] = new Bootstrap.Replicate(theta[i], objective[i], bestStart[i]);
            }
        }
    }

    private final Broadcast<ShippedRuns> runs;
    private final FitterFactory fitter;
    private final double[] fullTheta;
    private final long seed;

    BootstrapChunk(Broadcast<ShippedRuns> runs, FitterFactory fitter, double[] fullTheta, long seed) {
        this.runs = runs;
        this.fitter = fitter;
        this.fullTheta = fullTheta.clone();
        this.seed = seed;
    }

    @Override
    public Refits call(Range range) {
        Bootstrap bootstrap = new Bootstrap(fitter.create());
        return Refits.of(range.from(), bootstrap.refits(runs.value().toData(), fullTheta, seed, range.from(), range.to()));
    }
}
