package org.lmlab.model;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;

/** Picks a token from logits by {@link SamplingOptions}; keeps its own seeded random stream. */
public final class TokenSampler {

    private final SamplingOptions options;
    private final Random random;

    public TokenSampler(SamplingOptions options) {
        this.options = options;
        this.random = new Random(options.seed());
    }

    public int next(float[] logits) {
        if (options.isGreedy()) {
            return argmax(logits);
        }
        Integer[] order = new Integer[logits.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> logits[i]).reversed());
        int keep = options.topK() > 0 ? Math.min(options.topK(), logits.length) : logits.length;
        double[] p = new double[keep];
        double max = logits[order[0]] / options.temperature();
        double sum = 0;
        for (int i = 0; i < keep; i++) {
            p[i] = Math.exp(logits[order[i]] / options.temperature() - max);
            sum += p[i];
        }
        // nucleus: the shortest prefix of the sorted tokens whose mass reaches topP
        double mass = 0;
        int nucleus = keep;
        for (int i = 0; i < keep; i++) {
            mass += p[i] / sum;
            if (mass >= options.topP()) {
                nucleus = i + 1;
                break;
            }
        }
        double total = 0;
        for (int i = 0; i < nucleus; i++) {
            total += p[i];
        }
        double u = random.nextDouble() * total;
        for (int i = 0; i < nucleus; i++) {
            u -= p[i];
            if (u <= 0) {
                return order[i];
            }
        }
        return order[nucleus - 1];
    }

    /** Index of the largest value (the first one on ties). */
    public static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
