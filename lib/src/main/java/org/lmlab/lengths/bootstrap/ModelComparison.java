package org.lmlab.lengths.bootstrap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.lmlab.stats.Interval;

/**
 * A bootstrap interval for {@code statistic(A) − statistic(B)} between two models' response
 * lengths. Unpaired, each model's lengths are resampled independently; paired, the lengths are
 * first averaged per prompt (several samples per prompt are common) and prompts that both models
 * answered are resampled jointly, which removes the prompt-to-prompt variance from the interval.
 * (Comparing scaling laws on the same runs is {@link org.lmlab.scaling.compare.LawComparison}.)
 *
 * @param n        observations behind the interval: lengths of both models, or prompts when paired
 * @param paired   whether prompts were resampled jointly
 * @param interval estimate, percentile bounds and bootstrap standard error
 */
public record ModelComparison(int n, boolean paired, Interval interval) {

    /**
     * One response: its model, its length and the key of its prompt (empty when unpaired).
     */
    public record Response(String model, double length, List<String> prompt) {
    }

    /**
     * Compares model {@code a} with model {@code b}; responses of other models are ignored. Pairs
     * by prompt when any response has a non-empty prompt key.
     *
     * @throws IllegalArgumentException when {@code a} equals {@code b}, a model has no responses, or (paired) no
     *     prompt has both
     */
    public static ModelComparison of(List<Response> responses, String a, String b, StatisticBootstrap bootstrap,
                                     ToDoubleFunction<double[]> statistic, double level) {
        if (a.equals(b)) {
            // otherwise every response would count as A's and the message would be "no responses of model b"
            throw new IllegalArgumentException("A and B are the same model '" + a + "'; compare two different models");
        }
        List<Double> lengthsA = new ArrayList<>();
        Set<String> models = new LinkedHashSet<>();
        List<Double> lengthsB = new ArrayList<>();
        // Per prompt: sum and count of A's lengths, then of B's.
        Map<List<String>, double[]> perPrompt = new LinkedHashMap<>();
        boolean paired = false;
        for (Response r : responses) {
            models.add(r.model());
            int side = r.model().equals(a) ? 0 : r.model().equals(b) ? 1 : -1;
            if (side < 0) {
                continue;
            }
            (side == 0 ? lengthsA : lengthsB).add(r.length());
            paired |= !r.prompt().isEmpty();
            double[] sums = perPrompt.computeIfAbsent(r.prompt(), k -> new double[4]);
            sums[2 * side] += r.length();
            sums[2 * side + 1]++;
        }
        if (lengthsA.isEmpty() || lengthsB.isEmpty()) {
            throw new IllegalArgumentException("no responses of model '" + (lengthsA.isEmpty() ? a : b) + "'; models: "
                    + models);
        }
        if (!paired) {
            double[] xa = lengthsA.stream().mapToDouble(Double::doubleValue).toArray();
            double[] xb = lengthsB.stream().mapToDouble(Double::doubleValue).toArray();
            return new ModelComparison(xa.length + xb.length, false, bootstrap.difference(xa, xb, statistic, level));
        }
        List<double[]> both = perPrompt.values().stream().filter(s -> s[1] > 0 && s[3] > 0).toList();
        if (both.isEmpty()) {
            throw new IllegalArgumentException("no prompt has responses of both '" + a + "' and '" + b + "'");
        }
        double[] meanA = both.stream().mapToDouble(s -> s[0] / s[1]).toArray();
        double[] meanB = both.stream().mapToDouble(s -> s[2] / s[3]).toArray();
        return new ModelComparison(both.size(), true, bootstrap.pairedDifference(meanA, meanB, statistic, level));
    }
}
