package org.lmlab.lengths.winrate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lmlab.lengths.alpacaeval.Annotation;

/**
 * AlpacaEval's leaderboard columns per model from judge annotations: the raw win rate with its
 * standard error and counts, the average output length, and (when other models' annotations
 * are there to estimate instruction difficulty) the length-controlled win rate.
 */
public final class ModelWinRates {

    /**
     * One model's row.
     *
     * @param lengthControlled null when not computed (asked not to, or a single model)
     * @param regularisation   the GLM's chosen C, null with {@code lengthControlled}
     */
    public record Row(String model, WinRate winRate, double averageLength, Double lengthControlled,
                      Double regularisation) {
    }

    private ModelWinRates() {
    }

    /** Rows in order of each model's first annotation; each model's annotations by instruction index. */
    public static List<Row> of(List<Annotation> annotations, boolean lengthControlled) {
        Map<String, List<Annotation>> byModel = new LinkedHashMap<>();
        annotations.forEach(a -> byModel.computeIfAbsent(a.model(), k -> new ArrayList<>()).add(a));
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<Annotation>> entry : byModel.entrySet()) {
            List<Annotation> own = new ArrayList<>(entry.getValue());
            own.sort(Comparator.comparingInt(Annotation::instructionIndex));
            double[] preferences = own.stream().mapToDouble(Annotation::preference).toArray();
            double[] outputs = own.stream().mapToDouble(Annotation::outputChars).toArray();
            Double lc = null;
            Double c = null;
            if (lengthControlled && byModel.size() > 1) {
                Map<Integer, Double> difficulty = InstructionDifficulty.proxy(annotations, entry.getKey());
                double[] d = own.stream().mapToDouble(a -> difficulty.getOrDefault(a.instructionIndex(), 0.0)).toArray();
                LengthControlledWinRate.Result result = LengthControlledWinRate.compute(preferences, outputs,
                        own.stream().mapToDouble(Annotation::baselineChars).toArray(), d,
                        LengthControlledWinRate.Settings.alpacaEval());
                lc = result.lengthControlledWinRate();
                c = result.c();
            }
            rows.add(new Row(entry.getKey(), WinRate.of(preferences), Arrays.stream(outputs).average()
                    .orElse(Double.NaN), lc, c));
        }
        return rows;
    }
}
