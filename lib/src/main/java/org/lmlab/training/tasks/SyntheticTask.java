package org.lmlab.training.tasks;

import java.util.SplittableRandom;

/**
 * A synthetic sequence task for length-generalisation studies: inputs of a chosen size drawn at
 * random, and the one correct answer computed from the input. The size parameter ("length") is
 * the task's own: the number of input tokens for copy, reverse, sort, parity and count, the digit
 * count of the longer operand for addition, the number of command words for the SCAN-like task.
 *
 * <p>Implementations are stateless: all randomness comes from the {@link SplittableRandom} passed
 * in, so the same seed gives the same examples on every machine.
 */
public interface SyntheticTask {

    /** The name {@link SyntheticTasks#create} knows it by. */
    String name();

    /** One line: what the input is and what the answer is. */
    String description();

    Vocabulary vocabulary();

    /** Draws an input of size {@code length} (at least 1). */
    int[] sampleInput(int length, SplittableRandom random);

    /** The correct answer to {@code input} (without EOS). */
    int[] answer(int[] input);

    /**
     * The number of distinct inputs of size {@code length}, as a double (it overflows a long
     * quickly). Decides whether a held-out test set can be kept apart from training at that size
     * ({@link HeldOutRule}).
     */
    double inputCount(int length);

    /** The longest {@code input SEP target EOS} sequence an example of size {@code length} can have. */
    int maxSequenceLength(int length);

    /** A random example of size {@code length}: an input and its answer. */
    default TaskExample generate(int length, SplittableRandom random) {
        requireLength(name(), length);
        int[] input = sampleInput(length, random);
        return new TaskExample(length, input, answer(input));
    }

    /** Refuses sizes below 1 with a message naming the task. */
    static void requireLength(String task, int length) {
        if (length < 1) {
            throw new IllegalArgumentException(task + ": length must be at least 1, got " + length);
        }
    }
}
