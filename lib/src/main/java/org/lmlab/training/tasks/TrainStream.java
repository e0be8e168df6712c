package org.lmlab.training.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded, endless stream of training examples and batches: each example's size is uniform in
 * the plan's {@code trainMin..trainMax}, its input drawn by the task, and inputs reserved for
 * test by {@link HeldOutRule} are skipped. The same task, plan and seed give the same stream.
 *
 * <p>Kazemnejad et al. (2023) train on a fixed file with equally many examples per length,
 * repeated for epochs; the stream draws fresh examples instead, with the same length distribution.
 */
public final class TrainStream {

    private final SyntheticTask task;
    private final LengthPlan plan;
    private final SplittableRandom random;
    private long skipped;

    public TrainStream(SyntheticTask task, LengthPlan plan, long seed) {
        this.task = task;
        this.plan = plan;
        this.random = new SplittableRandom(Seeds.derive(seed, "train", task.name(), 0));
    }

    public SyntheticTask task() {
        return task;
    }

    public LengthPlan plan() {
        return plan;
    }

    /** The next example not reserved for test. */
    public TaskExample next() {
        // The size is drawn once and only the input redrawn: redrawing the size too would favour
        // the sizes where nothing is reserved.
        int length = plan.trainMin() + random.nextInt(plan.trainMax() - plan.trainMin() + 1);
        while (true) {
            int[] input = task.sampleInput(length, random);
            if (!HeldOutRule.reserved(task, length, input)) {
                return new TaskExample(length, input, task.answer(input));
            }
            skipped++;
        }
    }

    /** The next {@code size} examples as a batch. */
    public Batch nextBatch(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + size);
        }
        List<TaskExample> examples = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            examples.add(next());
        }
        return Batch.of(examples);
    }

    /** How many drawn inputs were skipped so far because they are reserved for test. */
    public long skipped() {
        return skipped;
    }
}
