package org.lmlab.training.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Exact-match scoring and the training format, on examples worked by hand. */
class ExactMatchAndBatchTest {

    private static final int P = Vocabulary.PAD;
    private static final int S = Vocabulary.SEP;
    private static final int E = Vocabulary.EOS;

    @Test
    void onlyTheExactTargetFollowedByEosIsCorrect() {
        int[] target = {7, 8, 9};
        assertTrue(ExactMatch.correct(target, new int[] {7, 8, 9, E}));
        assertTrue(ExactMatch.correct(target, new int[] {7, 8, 9, E, 5, P, P}), "what follows EOS is ignored");
        assertFalse(ExactMatch.correct(target, new int[] {7, 8, 4, E}), "one token wrong");
        assertFalse(ExactMatch.correct(target, new int[] {4, 8, 9, E}), "first token wrong");
        assertFalse(ExactMatch.correct(target, new int[] {7, 8, 9}), "never stopped");
        assertFalse(ExactMatch.correct(target, new int[] {7, 8, 9, 9, E}), "one token too many");
        assertFalse(ExactMatch.correct(target, new int[] {7, 8, E}), "stopped one token early");
        assertFalse(ExactMatch.correct(target, new int[] {E}));
        assertFalse(ExactMatch.correct(target, new int[0]));
        assertFalse(ExactMatch.correct(target, new int[] {7, 8, 9, P, E}), "padding is not EOS");
        assertArrayEquals(new int[] {7, 8}, ExactMatch.answer(new int[] {7, 8, E, 9}));
        assertArrayEquals(new int[] {7, 8}, ExactMatch.answer(new int[] {7, 8}));

        TaskExample example = new TaskExample(3, new int[] {9, 8, 7}, target);
        assertEquals(4, example.answerBudget());
        assertEquals(1, ExactMatch.countCorrect(List.of(example, example), List.of(new int[] {7, 8, 9, E}, new int[] {7, 8, 9})));
        assertThrows(IllegalArgumentException.class, () -> ExactMatch.countCorrect(List.of(example), List.of()));
    }

    @Test
    void aSequenceIsInputSepTargetEosAndOnlyTheAnswerIsScored() {
        // copy "3 5" (ids 6 and 8): 6 8 SEP 6 8 EOS
        TaskExample copy = new TaskExample(2, new int[] {6, 8}, new CopyTask().answer(new int[] {6, 8}));
        assertArrayEquals(new int[] {6, 8, S, 6, 8, E}, copy.sequence());
        assertArrayEquals(new int[] {6, 8, S}, copy.prompt());
        assertArrayEquals(new boolean[] {false, false, false, true, true, true}, copy.lossMask());
        assertEquals("3 5 <sep> 3 5 <eos>", new CopyTask().vocabulary().render(copy.sequence()));
    }

    @Test
    void batchesPadOnTheRightAndMaskPaddingAndPrompts() {
        TaskExample longer = new TaskExample(3, new int[] {3, 4, 5}, new int[] {5, 4, 3});
        TaskExample shorter = new TaskExample(1, new int[] {6}, new int[] {7, 8});
        Batch batch = Batch.of(List.of(longer, shorter));
        assertEquals(2, batch.size());
        assertEquals(8, batch.time());
        assertArrayEquals(new int[] {
            3, 4, 5, S, 5, 4, 3, E,
            6, S, 7, 8, E, P, P, P}, batch.tokens());
        assertArrayEquals(new float[] {
            0, 0, 0, 0, 1, 1, 1, 1,
            0, 0, 1, 1, 1, 0, 0, 0}, batch.lossMask());
        assertArrayEquals(new float[] {
            1, 1, 1, 1, 1, 1, 1, 1,
            1, 1, 1, 1, 1, 0, 0, 0}, batch.attentionMask());
        assertArrayEquals(new int[] {8, 5}, batch.lengths());
        assertEquals(4 + 3, batch.scoredTokens());

        // Next-token view: position t reads tokens[t] and is scored on tokens[t + 1].
        assertArrayEquals(new int[] {
            3, 4, 5, S, 5, 4, 3,
            6, S, 7, 8, E, P, P}, batch.nextTokenInputs());
        assertArrayEquals(new int[] {
            4, 5, S, 5, 4, 3, E,
            S, 7, 8, E, P, P, P}, batch.nextTokenLabels());
        assertArrayEquals(new float[] {
            0, 0, 0, 1, 1, 1, 1,
            0, 1, 1, 1, 0, 0, 0}, batch.nextTokenWeights());
        assertEquals(6, batch.token(1, 0));
        assertEquals(P, batch.token(1, 7));
        assertThrows(IllegalArgumentException.class, () -> Batch.of(List.of()));
    }

    @Test
    void streamBatchesMaskEveryPaddedPosition() {
        TrainStream stream = new TrainStream(new AdditionTask(), LengthPlan.of(8, 16), 1);
        for (int i = 0; i < 20; i++) {
            Batch b = stream.nextBatch(32);
            for (int row = 0; row < b.size(); row++) {
                for (int t = 0; t < b.time(); t++) {
                    int at = row * b.time() + t;
                    boolean real = t < b.lengths()[row];
                    assertEquals(real ? 1f : 0f, b.attentionMask()[at]);
                    if (!real) {
                        assertEquals(P, b.tokens()[at]);
                        assertEquals(0f, b.lossMask()[at]);
                    }
                }
                // Scored positions are exactly those after the row's SEP, up to its EOS.
                int sep = -1;
                for (int t = 0; t < b.lengths()[row]; t++) {
                    if (b.token(row, t) == S) {
                        sep = t;
                    }
                    assertEquals(sep >= 0 && t > sep ? 1f : 0f, b.lossMask()[row * b.time() + t]);
                }
                assertEquals(E, b.token(row, b.lengths()[row] - 1));
            }
        }
    }
}
