package org.lmlab.training.study;

import org.lmlab.training.Batch;
import org.lmlab.training.BatchSource;
import org.lmlab.training.tasks.SyntheticTask;
import org.lmlab.training.tasks.LengthPlan;
import org.lmlab.training.tasks.TrainStream;

/**
 * A task's seeded {@link TrainStream} as the trainer's {@link BatchSource}: step s is the s-th
 * batch of the stream, as next-token rows whose targets are -1 (unscored) at the input, SEP and
 * padding, so the loss counts only the answer and its EOS. The stream is sequential; asking for an
 * earlier step starts it again from the seed, so the contract "same step, same batch" holds.
 */
public final class TaskBatches implements BatchSource {

    private final SyntheticTask task;
    private final LengthPlan plan;
    private final long seed;
    private final int size;
    private TrainStream stream;
    private int next;

    public TaskBatches(SyntheticTask task, LengthPlan plan, int size, long seed) {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + size);
        }
        this.task = task;
        this.plan = plan;
        this.size = size;
        this.seed = seed;
        restart();
    }

    @Override
    public Batch batch(int step) {
        if (step < next) {
            restart();
        }
        while (next < step) {
            stream.nextBatch(size);
            next++;
        }
        next++;
        return toTraining(stream.nextBatch(size));
    }

    private void restart() {
        stream = new TrainStream(task, plan, seed);
        next = 0;
    }

    /** Rows {@code sequence[0..T-2]} predicting {@code sequence[1..T-1]}, unscored where the loss mask is 0. */
    static Batch toTraining(org.lmlab.training.tasks.Batch b) {
        int t = b.time() - 1;
        int[] inputs = b.nextTokenInputs();
        int[] labels = b.nextTokenLabels();
        float[] weights = b.nextTokenWeights();
        int[][] in = new int[b.size()][t];
        int[][] out = new int[b.size()][t];
        int[] lengths = new int[b.size()];
        for (int row = 0; row < b.size(); row++) {
            for (int i = 0; i < t; i++) {
                in[row][i] = inputs[row * t + i];
                out[row][i] = weights[row * t + i] > 0 ? labels[row * t + i] : -1;
            }
            lengths[row] = b.lengths()[row] - 1;
        }
        return new Batch(in, out, lengths);
    }
}
