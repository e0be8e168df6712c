package org.lmlab.training.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lmlab.model.engine.DjlRuntime;
import org.lmlab.progress.Progress;
import org.lmlab.training.Batch;
import org.lmlab.training.Trainer;
import org.lmlab.training.TrainingSettings;
import org.lmlab.training.Transformer;
import org.lmlab.training.TransformerConfig;
import org.lmlab.training.position.PositionEncoding;
import org.lmlab.training.tasks.CopyTask;
import org.lmlab.training.tasks.ExactMatch;
import org.lmlab.training.tasks.LengthPlan;
import org.lmlab.training.tasks.SyntheticTask;
import org.lmlab.training.tasks.TaskExample;
import org.lmlab.training.tasks.TestSet;
import org.lmlab.training.tasks.Vocabulary;

/**
 * The scorer's one-pass exact match against what it stands for: greedy generation token by token
 * from {@code input SEP} (a fresh forward over the whole prefix per token, arg-max, stop at EOS or
 * when the answer budget is spent), scored by {@link ExactMatch}. A briefly trained copy model
 * gets some examples right and some wrong at every tested size, so both outcomes are compared.
 */
class TaskScorerTest {

    @Test
    void oneTeacherForcedPassEqualsGreedyGenerationExampleByExample() {
        SyntheticTask task = new CopyTask(10);
        LengthPlan plan = LengthPlan.of(4, 6);
        TransformerConfig config = TransformerConfig.of(task.vocabulary().size(), 32, 2, 4,
                plan.maxSequenceLength(task), PositionEncoding.parse("rope"));
        DjlRuntime.withIntraOpThreads(1, () -> {
            try (Transformer model = Transformer.initialize(config, 3, DataType.FLOAT32)) {
                Trainer.train(model, new TaskBatches(task, plan, 32, 3), TrainingSettings.of(150, 3e-3), Progress.NONE);
                int right = 0;
                int wrong = 0;
                for (int length : List.of(2, 3, 4, 5)) {
                    TestSet set = TestSet.draw(task, length, 40, 9);
                    boolean[] scored = TaskScorer.answered(model, set.examples());
                    int count = 0;
                    for (int i = 0; i < set.size(); i++) {
                        TaskExample e = set.examples().get(i);
                        boolean greedy = e.isCorrect(greedy(model, e));
                        assertEquals(greedy, scored[i], "size " + length + " example " + i + ": " + e);
                        count += greedy ? 1 : 0;
                        right += greedy ? 1 : 0;
                        wrong += greedy ? 0 : 1;
                    }
                    assertEquals(count, TaskScorer.correct(model, set), "size " + length);
                }
                assertTrue(right > 10 && wrong > 10, "both outcomes compared: " + right + " right, " + wrong + " wrong");
            }
            return null;
        });
    }

    @Test
    void trainingBatchesScoreOnlyTheAnswerAndItsEos() {
        SyntheticTask task = new CopyTask(10);
        TaskBatches source = new TaskBatches(task, LengthPlan.of(3, 3), 4, 5);
        Batch first = source.batch(0);
        Batch third = source.batch(2);
        assertBatchEquals(first, source.batch(0)); // an earlier step restarts the stream: same batch
        assertBatchEquals(third, source.batch(2));
        for (int b = 0; b < first.size(); b++) {
            int[] row = first.inputs()[b];
            int sep = indexOf(row, Vocabulary.SEP);
            int n = first.lengths()[b];
            assertEquals(2 * sep + 1, n, "input SEP target, without the EOS, is read");
            for (int t = 0; t < first.time(); t++) {
                boolean answer = t >= sep && t < n;
                assertEquals(answer, first.scored(b, t), "row " + b + " position " + t);
            }
            // predicting the target from SEP onwards, then EOS from the last target token
            int[] expected = new int[sep + 1];
            System.arraycopy(row, 0, expected, 0, sep);
            expected[sep] = Vocabulary.EOS;
            assertArrayEquals(expected, Arrays.copyOfRange(first.targets()[b], sep, n));
        }
    }

    private static void assertBatchEquals(Batch a, Batch b) {
        assertTrue(Arrays.deepEquals(a.inputs(), b.inputs()) && Arrays.deepEquals(a.targets(), b.targets())
                && Arrays.equals(a.lengths(), b.lengths()));
    }

    private static int indexOf(int[] row, int token) {
        for (int i = 0; i < row.length; i++) {
            if (row[i] == token) {
                return i;
            }
        }
        return -1;
    }

    /** Greedy tokens after the prompt: arg-max of a full forward per step, to EOS or the answer budget. */
    private static int[] greedy(Transformer model, TaskExample e) {
        List<Integer> prefix = new ArrayList<>();
        for (int t : e.prompt()) {
            prefix.add(t);
        }
        List<Integer> out = new ArrayList<>();
        while (out.size() < e.answerBudget()) {
            float[][] logits = model.logits(prefix.stream().mapToInt(Integer::intValue).toArray());
            float[] last = logits[logits.length - 1];
            int best = 0;
            for (int v = 1; v < last.length; v++) {
                if (last[v] > last[best]) {
                    best = v;
                }
            }
            out.add(best);
            prefix.add(best);
            if (best == Vocabulary.EOS) {
                break;
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
