package org.lmlab.training.tasks;

/**
 * Copy: the answer is the input, token for token. Symbols are the numerals 0..alphabet-1 (the
 * paper's {@code copy_multi_char} draws from 100 single-token symbols).
 */
public final class CopyTask extends RearrangeTask {

    public static final int DEFAULT_ALPHABET = 100;

    public CopyTask() {
        this(DEFAULT_ALPHABET);
    }

    public CopyTask(int alphabetSize) {
        super("copy", alphabetSize);
    }

    @Override
    public String description() {
        return "length = number of input symbols (" + alphabetSize() + " symbols); answer = the input";
    }

    @Override
    int[] rearrange(int[] input) {
        return input;
    }
}
