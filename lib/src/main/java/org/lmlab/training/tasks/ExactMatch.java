package org.lmlab.training.tasks;

import java.util.Arrays;
import java.util.List;

/**
 * Exact-match scoring of a generated answer, the measure of Kazemnejad et al. (2023): a generation
 * is correct when the tokens before its first {@link Vocabulary#EOS} are the target, token for
 * token. A generation that never emits EOS is wrong even if it starts with the target (the model
 * did not stop); whatever follows the first EOS (padding, a batch's longer rows) is ignored.
 */
public final class ExactMatch {

    private ExactMatch() {
    }

    /** Whether {@code generated}, the tokens written after the prompt, is exactly {@code target} then EOS. */
    public static boolean correct(int[] target, int[] generated) {
        int end = firstEos(generated);
        return end >= 0 && Arrays.equals(target, Arrays.copyOf(generated, end));
    }

    /** The answer part of a generation: the tokens before its first EOS, or all of them if it has none. */
    public static int[] answer(int[] generated) {
        int end = firstEos(generated);
        return end < 0 ? generated.clone() : Arrays.copyOf(generated, end);
    }

    /** How many of {@code generations} (one per example, in order) are correct. */
    public static int countCorrect(List<TaskExample> examples, List<int[]> generations) {
        if (examples.size() != generations.size()) {
            throw new IllegalArgumentException("need one generation per example: " + examples.size() + " examples, "
                    + generations.size() + " generations");
        }
        int correct = 0;
        for (int i = 0; i < examples.size(); i++) {
            if (examples.get(i).isCorrect(generations.get(i))) {
                correct++;
            }
        }
        return correct;
    }

    private static int firstEos(int[] tokens) {
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] == Vocabulary.EOS) {
                return i;
            }
        }
        return -1;
    }
}
