package org.lmlab.training.study;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import org.lmlab.progress.Cancellation;
import org.lmlab.training.Batch;
import org.lmlab.training.Transformer;
import org.lmlab.training.tasks.TaskExample;
import org.lmlab.training.tasks.TestSet;

/**
 * Exact-match accuracy of a trained model on a test set, from one forward pass per chunk of
 * examples. Greedy generation from {@code input SEP} writes exactly {@code target EOS} if and only
 * if, fed {@code input SEP target EOS}, the model's arg-max at every answer position is the next
 * answer token: each greedy step then sees the same prefix as the teacher-forced pass. So the
 * teacher-forced check is the greedy exact match of Kazemnejad et al. (2023) without a decoding
 * loop ({@code TaskScorerTest} compares it with token-by-token greedy generation). Ties in the
 * arg-max go to the lower id, as {@code argMax} does in both.
 */
public final class TaskScorer {

    /** Examples per forward pass. */
    static final int CHUNK = 64;

    private TaskScorer() {
    }

    /** How many of the set's examples the model answers exactly. */
    public static int correct(Transformer model, TestSet set) {
        List<TaskExample> examples = set.examples();
        int correct = 0;
        for (int from = 0; from < examples.size(); from += CHUNK) {
            Cancellation.check();
            List<TaskExample> chunk = examples.subList(from, Math.min(examples.size(), from + CHUNK));
            for (boolean ok : answered(model, chunk)) {
                correct += ok ? 1 : 0;
            }
        }
        return correct;
    }

    /** Per example: whether every answer token and the EOS is the model's arg-max given the true prefix. */
    static boolean[] answered(Transformer model, List<TaskExample> examples) {
        Batch batch = TaskBatches.toTraining(org.lmlab.training.tasks.Batch.of(new ArrayList<>(examples)));
        int rows = batch.size();
        int time = batch.time();
        int[] predicted;
        try (NDScope scope = new NDScope()) {
            NDArray logits = model.logits(batch);
            predicted = logits.argMax(2).toType(DataType.INT32, false).toIntArray();
        }
        boolean[] ok = new boolean[rows];
        for (int b = 0; b < rows; b++) {
            boolean all = true;
            for (int t = 0; t < time && all; t++) {
                if (batch.scored(b, t)) {
                    all = predicted[b * time + t] == batch.targets()[b][t];
                }
            }
            ok[b] = all;
        }
        return ok;
    }
}
