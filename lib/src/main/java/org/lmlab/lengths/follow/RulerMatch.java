package org.lmlab.lengths.follow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ruler's Precise Match (PM) and Flexible Match (FM) rates (Li et al. 2024, "Ruler: A Model-Agnostic Method to
 * Control Generated Length for Large Language Models"; the intervals are those of the authors' evaluation,
 * {@code src/utils/config.py} and {@code src/exp/cal_level_scores.py} of github.com/Geaming2002/Ruler). Lengths are
 * word counts; Ruler counts {@code \w+} runs (nltk's {@code RegexpTokenizer(r"\w+")}).
 */
public final class RulerMatch {

    private static final double INF = Double.POSITIVE_INFINITY;
    private static final List<RulerTarget> TARGETS = List.of(
            new RulerTarget("10", 0, 0, 20, 0, 20),
            new RulerTarget("30", 0, 20, 40, 20, 40),
            new RulerTarget("50", 0, 40, 60, 40, 60),
            new RulerTarget("80", 0, 70, 90, 60, 100),
            new RulerTarget("150", 1, 130, 170, 100, 200),
            new RulerTarget("300", 1, 280, 320, 200, 400),
            new RulerTarget("500", 1, 450, 550, 400, 600),
            new RulerTarget("700", 2, 630, 770, 600, 800),
            new RulerTarget(">800", 2, 800, INF, 800, INF));

    /**
     * PM and FM rates of one level or of all.
     *
     * @param level "Level:0", "Level:1", "Level:2" or "All Level" (Ruler's row names)
     * @param n responses in the level
     * @param preciseMatch percent of Precise Matches
     * @param flexibleMatch percent of Flexible Matches
     */
    public record LevelRate(String level, int n, double preciseMatch, double flexibleMatch) {
    }

    private RulerMatch() {
    }

    /** Ruler's nine targets in order. */
    public static List<RulerTarget> targets() {
        return TARGETS;
    }

    /** The target with this label ("10", …, "&gt;800"). */
    public static RulerTarget target(String label) {
        for (RulerTarget t : TARGETS) {
            if (t.label().equals(label.strip())) {
                return t;
            }
        }
        List<String> labels = new ArrayList<>();
        TARGETS.forEach(t -> labels.add(t.label()));
        throw new IllegalArgumentException("'" + label + "' is not a Ruler target length; targets: " + labels);
    }

    /**
     * PM and FM rates per level present, then over all levels (Ruler pools responses, not levels).
     *
     * @param targets each response's target label
     * @param words each response's length in words
     */
    public static List<LevelRate> rates(List<String> targets, double[] words) {
        if (targets.size() != words.length) {
            throw new IllegalArgumentException("got " + targets.size() + " targets but " + words.length + " lengths");
        }
        if (words.length == 0) {
            throw new IllegalArgumentException("no responses to score");
        }
        int[][] counts = new int[4][3];
        for (int i = 0; i < words.length; i++) {
            if (!(words[i] >= 0) || Double.isInfinite(words[i])) {
                throw new IllegalArgumentException("length at index " + i + " is " + words[i]
                        + "; word counts must be finite and non-negative");
            }
            RulerTarget t = target(targets.get(i));
            for (int row : new int[] {t.level(), 3}) {
                counts[row][0]++;
                counts[row][1] += t.precise(words[i]) ? 1 : 0;
                counts[row][2] += t.flexible(words[i]) ? 1 : 0;
            }
        }
        Map<Integer, String> names = new LinkedHashMap<>();
        names.put(0, "Level:0");
        names.put(1, "Level:1");
        names.put(2, "Level:2");
        names.put(3, "All Level");
        List<LevelRate> out = new ArrayList<>();
        names.forEach((row, name) -> {
            int[] c = counts[row];
            if (c[0] > 0) {
                out.add(new LevelRate(name, c[0], 100.0 * c[1] / c[0], 100.0 * c[2] / c[0]));
            }
        });
        return out;
    }
}
