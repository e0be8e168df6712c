package org.lmlab.training.tasks;

import java.util.List;

/**
 * Parity: the input is bits, the answer is one bit, their sum mod 2 (the paper's
 * {@code make_parity_dataset.py}: {@code answer = sum(values) % 2}, asked as "is the number of 1s
 * even"). The answer bit uses the same "0"/"1" symbols as the input.
 */
public final class ParityTask extends UniformSequenceTask {

    public ParityTask() {
        super("parity", List.of("0", "1"), List.of());
    }

    @Override
    public String description() {
        return "length = number of input bits; answer = 1 if the number of 1s is odd, else 0";
    }

    @Override
    public int[] answer(int[] input) {
        int ones = 0;
        for (int token : input) {
            ones += symbolIndex(token);
        }
        return new int[] {Vocabulary.firstSymbolId() + ones % 2};
    }

    @Override
    public int maxSequenceLength(int length) {
        return length + 3;
    }
}
