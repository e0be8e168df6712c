package org.lmlab.training.tasks;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.lmlab.progress.Cancellation;

/**
 * A fixed test set of one task at one size: distinct examples drawn with a seed that depends
 * only on the seed, the task and the size, so the set at a size is the same whichever other sizes
 * are built. Where {@link HeldOutRule} applies, only inputs reserved for test are drawn and no
 * training stream ever yields them ({@code heldOut} true); where the task has too few inputs at
 * that size, the set may repeat training inputs ({@code heldOut} false) and may hold fewer
 * examples than asked for, when the size has fewer distinct inputs than that.
 *
 * @param task     the task's name
 * @param length   the size every example has
 * @param heldOut  whether the examples are kept out of training
 * @param examples distinct examples
 */
public record TestSet(String task, int length, boolean heldOut, List<TaskExample> examples) {

    public TestSet {
        examples = List.copyOf(examples);
    }

    /** Up to {@code count} distinct examples of {@code task} at size {@code length}, fixed by {@code seed}. */
    public static TestSet draw(SyntheticTask task, int length, int count, long seed) {
        SyntheticTask.requireLength(task.name(), length);
        if (count < 1) {
            throw new IllegalArgumentException("a test set needs at least 1 example per length, got " + count);
        }
        SplittableRandom random = new SplittableRandom(Seeds.derive(seed, "test", task.name(), length));
        boolean heldOut = HeldOutRule.applies(task, length);
        Set<TaskExample> examples = new LinkedHashSet<>();
        // Enough draws to find count reserved inputs (1 in 10) many times over; a small input space
        // runs out of new inputs first and ends the set early.
        long draws = 200L * count + 10_000;
        for (long i = 0; i < draws && examples.size() < count; i++) {
            int[] input = task.sampleInput(length, random);
            if (!heldOut || HeldOutRule.reserved(task, length, input)) {
                examples.add(new TaskExample(length, input, task.answer(input)));
            }
        }
        return new TestSet(task.name(), length, heldOut, new ArrayList<>(examples));
    }

    /** One test set per size 1..testMax of {@code plan}, each of up to {@code perLength} examples. */
    public static List<TestSet> suite(SyntheticTask task, LengthPlan plan, int perLength, long seed) {
        List<TestSet> sets = new ArrayList<>();
        for (int length : plan.testLengths()) {
            Cancellation.check();
            sets.add(draw(task, length, perLength, seed));
        }
        return sets;
    }

    public int size() {
        return examples.size();
    }

    /** How many of {@code generations} (one per example, in order) are exactly right. */
    public int correct(List<int[]> generations) {
        return ExactMatch.countCorrect(examples, generations);
    }
}
