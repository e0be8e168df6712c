package org.lmlab.training.tasks;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The lengths of a length-generalisation run: training draws sizes uniformly from
 * {@code trainMin..trainMax}; test sets cover every size {@code 1..testMax}, so accuracy is
 * reported both in distribution and beyond it (Kazemnejad et al. 2023 train to L and test to 2L).
 *
 * @param trainMin shortest training size, at least 1
 * @param trainMax longest training size (L_train)
 * @param testMax  longest test size, at least trainMax (typically 2-3 x trainMax)
 */
public record LengthPlan(int trainMin, int trainMax, int testMax) {

    public LengthPlan {
        if (trainMin < 1) {
            throw new IllegalArgumentException("lengths must be at least 1: the shortest training length is " + trainMin);
        }
        if (trainMax < trainMin) {
            throw new IllegalArgumentException("the longest training length " + trainMax + " is below the shortest " + trainMin);
        }
        if (testMax < trainMax) {
            throw new IllegalArgumentException("test length " + testMax + " is below the train length " + trainMax
                    + ": test up to at least the train length (a length-generalisation run tests up to 2-3x it)");
        }
    }

    /** Train on sizes 1..trainMax, test on 1..testMax. */
    public static LengthPlan of(int trainMax, int testMax) {
        if (trainMax < 1) {
            throw new IllegalArgumentException("lengths must be at least 1: the train length is " + trainMax);
        }
        return new LengthPlan(1, trainMax, testMax);
    }

    public List<Integer> testLengths() {
        return IntStream.rangeClosed(1, testMax).boxed().toList();
    }

    /** Whether size {@code length} was drawn in training (in distribution). */
    public boolean inDistribution(int length) {
        return length >= trainMin && length <= trainMax;
    }

    /** The longest training or test sequence ({@code input SEP target EOS}) of {@code task}: the positions a model needs. */
    public int maxSequenceLength(SyntheticTask task) {
        int most = 0;
        for (int n = 1; n <= testMax; n++) {
            most = Math.max(most, task.maxSequenceLength(n));
        }
        return most;
    }
}
