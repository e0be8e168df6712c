package org.lmlab.training.tasks;

/** Reverse: the answer is the input backwards. Symbols as in {@link CopyTask} (paper: 100). */
public final class ReverseTask extends RearrangeTask {

    public ReverseTask() {
        this(CopyTask.DEFAULT_ALPHABET);
    }

    public ReverseTask(int alphabetSize) {
        super("reverse", alphabetSize);
    }

    @Override
    public String description() {
        return "length = number of input symbols (" + alphabetSize() + " symbols); answer = the input reversed";
    }

    @Override
    int[] rearrange(int[] input) {
        for (int i = 0, j = input.length - 1; i < j; i++, j--) {
            int t = input[i];
            input[i] = input[j];
            input[j] = t;
        }
        return input;
    }
}
