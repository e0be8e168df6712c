package org.lmlab.lengths.winrate;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lmlab.lengths.alpacaeval.Annotation;

/**
 * A stand-in for AlpacaEval's {@code instruction_difficulty.csv}, which is published only on the Hugging Face hub
 * and was fitted jointly over every leaderboard model's annotations. Here the difficulty of instruction i is
 * {@code mean over models of logit(1 − clip(pᵢ − 1, ε, 1 − ε))}, ε = 0.005: how strongly the judge preferred the
 * baseline on that instruction across the given models. The length-controlled win rate depends on the difficulty
 * only through its fitted weight, so any increasing transform of the same ranking gives similar, not equal, results.
 */
public final class InstructionDifficulty {

    private static final double EPS = 0.005;

    private InstructionDifficulty() {
    }

    /** Difficulty by instruction index, from the annotations of every model other than {@code skipModel}. */
    public static Map<Integer, Double> proxy(List<Annotation> annotations, String skipModel) {
        Map<Integer, double[]> sums = new TreeMap<>();
        for (Annotation a : annotations) {
            if (a.model().equals(skipModel)) {
                continue;
            }
            double q = Math.min(Math.max(a.preference() - 1, EPS), 1 - EPS);
            double[] s = sums.computeIfAbsent(a.instructionIndex(), k -> new double[2]);
            s[0] += Math.log((1 - q) / q);
            s[1]++;
        }
        if (sums.isEmpty()) {
            throw new IllegalArgumentException("no annotations besides '" + skipModel + "' to estimate difficulties from");
        }
        Map<Integer, Double> out = new TreeMap<>();
        sums.forEach((k, s) -> out.put(k, s[0] / s[1]));
        return out;
    }
}
