package org.lmlab.training.tasks;

import java.util.List;

/** Copy, reverse and sort: the answer is the input's numeral symbols rearranged, as many as the input has. */
abstract class RearrangeTask extends UniformSequenceTask {

    RearrangeTask(String name, int alphabetSize) {
        super(name, numerals(alphabetSize), List.of());
    }

    /** The answer for an input already checked to hold only input symbols. */
    abstract int[] rearrange(int[] input);

    @Override
    public final int[] answer(int[] input) {
        return rearrange(checked(input).clone());
    }

    @Override
    public final int maxSequenceLength(int length) {
        return 2 * length + 2;
    }
}
