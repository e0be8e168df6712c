package org.lmlab.training;

import java.util.Arrays;
import java.util.Random;

/**
 * The seeded initial values of every tensor (GPT-2's scheme, which LLaMA's initializer_range
 * follows): normal with standard deviation 0.02 for embeddings, projections and learned position
 * tables; 0.02 / √(2 · layers) for the projections that write into the residual stream (o_proj,
 * down_proj); 1 for RMSNorm weights. Each tensor draws from its own {@link Random} seeded by the
 * run's seed and the tensor's name, so values do not depend on the order tensors are made in
 * and are the same on every JVM.
 */
final class Initializer {

    static final double STD = 0.02;

    private Initializer() {
    }

    static double[] values(String name, long[] shape, int layers, long seed) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        double[] v = new double[Math.toIntExact(n)];
        if (name.endsWith("norm.weight")) {
            Arrays.fill(v, 1.0);
            return v;
        }
        boolean residual = name.endsWith("o_proj.weight") || name.endsWith("down_proj.weight");
        double std = residual ? STD / Math.sqrt(2.0 * layers) : STD;
        Random random = new Random(seed * 0x9E3779B97F4A7C15L + name.hashCode());
        for (int i = 0; i < v.length; i++) {
            v[i] = std * random.nextGaussian();
        }
        return v;
    }
}
