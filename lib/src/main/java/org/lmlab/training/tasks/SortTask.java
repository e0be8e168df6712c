package org.lmlab.training.tasks;

import java.util.Arrays;

/**
 * Sort: the answer is the input symbols in ascending order, repeats kept. Symbols are the numerals
 * 0..alphabet-1 ordered by value (the paper's single-token sort, {@code len_sngd}, draws from 50).
 */
public final class SortTask extends RearrangeTask {

    public static final int DEFAULT_ALPHABET = 50;

    public SortTask() {
        this(DEFAULT_ALPHABET);
    }

    public SortTask(int alphabetSize) {
        super("sort", alphabetSize);
    }

    @Override
    public String description() {
        return "length = number of input numbers (0.." + (alphabetSize() - 1) + ", repeats allowed); answer = them in ascending order";
    }

    @Override
    int[] rearrange(int[] input) {
        // Ids follow the numerals' order, so sorting ids sorts the numbers.
        Arrays.sort(input);
        return input;
    }
}
