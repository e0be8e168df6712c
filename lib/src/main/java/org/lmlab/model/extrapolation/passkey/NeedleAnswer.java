package org.lmlab.model.extrapolation.passkey;

import java.util.List;
import java.util.Locale;

/**
 * A model's answer to a needle prompt, scored as RULER's {@code string_match_all}
 * (scripts/eval/synthetic/constants.py): the share of the asked key's values that occur in the
 * answer, case-insensitively.
 *
 * @param prompt    the prompt answered
 * @param text      the greedy continuation (stop token excluded)
 * @param found     the values found in {@code text}
 * @param score     found / values, in [0, 1]
 * @param generated tokens generated (a stop token counted)
 * @param seconds   wall time of prefill and generation
 */
public record NeedleAnswer(NeedlePrompt prompt, String text, List<String> found, double score, int generated,
                           double seconds) {

    /** Exact match: every value was recalled (score 1). */
    public boolean correct() {
        return found.size() == prompt.answers().size();
    }

    /** RULER's string_match_all for one prediction: the share of {@code references} contained in it. */
    public static double stringMatchAll(String prediction, List<String> references) {
        String lower = prediction.toLowerCase(Locale.ROOT);
        return (double) references.stream().filter(r -> lower.contains(r.toLowerCase(Locale.ROOT))).count()
                / references.size();
    }

    static NeedleAnswer score(NeedlePrompt prompt, String text, int generated, double seconds) {
        String lower = text.toLowerCase(Locale.ROOT);
        List<String> found = prompt.answers().stream().filter(v -> lower.contains(v.toLowerCase(Locale.ROOT))).toList();
        return new NeedleAnswer(prompt, text, found, (double) found.size() / prompt.answers().size(), generated, seconds);
    }
}
