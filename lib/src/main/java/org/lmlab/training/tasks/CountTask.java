package org.lmlab.training.tasks;

import java.util.ArrayList;
import java.util.List;

/**
 * Count: the input is random letters, the answer is how many there are, in decimal digits, most
 * significant first. This is the paper code's count task ({@code make_count_dataset.py},
 * {@code count_task_type=multi_char}: 26 symbols, {@code answer = seq_length}; its
 * {@code --modular} variant answers {@code seq_length % 10} and is not built here). The digits
 * "0".."9" are answer-only symbols.
 */
public final class CountTask extends UniformSequenceTask {

    public static final int DEFAULT_ALPHABET = 26;

    public CountTask() {
        this(DEFAULT_ALPHABET);
    }

    public CountTask(int alphabetSize) {
        super("count", letters(alphabetSize), numerals(10));
    }

    private static List<String> letters(int count) {
        if (count < 2 || count > 26) {
            throw new IllegalArgumentException("count: the alphabet needs 2 to 26 letters, got " + count);
        }
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(String.valueOf((char) ('a' + i)));
        }
        return out;
    }

    @Override
    public String description() {
        return "length = number of input letters (" + alphabetSize() + "); answer = that number in decimal digits";
    }

    @Override
    public int[] answer(int[] input) {
        String digits = Integer.toString(checked(input).length);
        int zero = Vocabulary.firstSymbolId() + alphabetSize();
        int[] out = new int[digits.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = zero + (digits.charAt(i) - '0');
        }
        return out;
    }

    @Override
    public int maxSequenceLength(int length) {
        return length + Integer.toString(length).length() + 2;
    }
}
