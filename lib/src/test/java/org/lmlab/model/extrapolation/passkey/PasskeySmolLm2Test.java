package org.lmlab.model.extrapolation.passkey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lmlab.model.ContextLengthException;
import org.lmlab.model.LanguageModel;
import org.lmlab.model.extrapolation.Extrapolation;
import org.lmlab.progress.Progress;

/**
 * The harness on cases with a known answer (issue 16, acceptance 3), with SmolLM2-135M-Instruct:
 * a key at depth 0 of a 256-token prompt is found, a prompt without the key is never scored
 * correct, and a decoder view scores as the model does.
 */
class PasskeySmolLm2Test {

    static final int LENGTH = 256;
    static final int TRIALS = 5;
    static LanguageModel model;

    @BeforeAll
    static void load() {
        model = LanguageModel.load("smollm2-135m", "cpu", Progress.NONE);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static void show(String what, List<PasskeyAnswer> answers) {
        for (PasskeyAnswer a : answers) {
            System.out.printf("%s seed %d key %s -> \"%s\" (%s, %d tokens, %.2f s)%n", what, a.prompt().seed(),
                    a.prompt().key(), a.text().replace("\n", "\\n"), a.correct() ? "correct" : "wrong", a.generated(),
                    a.seconds());
        }
        System.out.println(what + ": " + PasskeyScorer.accuracy(answers));
    }

    @Test
    void aKeyAtDepthZeroIsFound() {
        PasskeyScorer scorer = PasskeyScorer.of(model);
        List<PasskeyAnswer> answers = scorer.answers(LENGTH, 0, 0, TRIALS);
        show("depth 0", answers);
        for (PasskeyAnswer a : answers) {
            assertEquals(LENGTH, a.prompt().length());
            assertTrue(a.correct(), "seed " + a.prompt().seed() + ": key " + a.prompt().key() + ", answer " + a.text());
        }
        assertEquals(Accuracy.of(TRIALS, TRIALS), PasskeyScorer.accuracy(answers));
    }

    @Test
    void aPromptWithoutTheKeyIsNeverScoredCorrect() {
        List<PasskeyAnswer> answers = PasskeyScorer.of(model).answersWithoutKey(LENGTH, 0, TRIALS);
        show("no key", answers);
        for (PasskeyAnswer a : answers) {
            assertFalse(a.prompt().hasKey());
            assertFalse(a.correct(), "seed " + a.prompt().seed() + " answered " + a.text() + " without the key");
        }
        assertEquals(0, PasskeyScorer.accuracy(answers).correct());
    }

    @Test
    void aDecoderViewScoresAsTheModelDoes() {
        PasskeyPrompt prompt = PasskeyPrompt.build(model.tokenizer(), LENGTH, 0.5, 11);
        PasskeyAnswer viaModel = PasskeyScorer.of(model).answer(prompt);
        PasskeyAnswer viaView = PasskeyScorer.of(model.decoder().with(Extrapolation.none()), model.tokenizer(),
                PasskeyScorer.ANSWER_TOKENS).answer(prompt);
        System.out.println("depth 0.5 seed 11 key " + prompt.key() + " -> \"" + viaModel.text() + "\"");
        assertEquals(viaModel.text(), viaView.text());
        assertEquals(viaModel.correct(), viaView.correct());
    }

    @Test
    void aPromptPastTheContextIsRefusedBeforeGenerating() {
        int context = model.contextLength();
        PasskeyPrompt prompt = PasskeyPrompt.build(model.tokenizer(), context - 5, 0.5, 1);
        ContextLengthException e = assertThrows(ContextLengthException.class,
                () -> PasskeyScorer.of(model).answer(prompt));
        assertTrue(e.getMessage().startsWith("a passkey prompt of " + (context - 5) + " tokens and its 10-token answer needs "
                + (context + 5) + " positions"), e.getMessage());
    }

    @Test
    void aRulerNeedleAtDepthZero() {
        NeedleScorer scorer = NeedleScorer.of(model, 0);
        List<NeedleAnswer> answers = scorer.answers(NeedleTask.single(), LENGTH, 0, 0, 3);
        for (NeedleAnswer a : answers) {
            System.out.printf("needle seed %d %s=%s -> \"%s\" (score %.2f)%n", a.prompt().seed(), a.prompt().query(),
                    a.prompt().answers(), a.text().replace("\n", "\\n"), a.score());
            assertEquals(LENGTH, a.prompt().length());
            assertTrue(a.correct(), "seed " + a.prompt().seed() + ": " + a.prompt().answers() + ", answer " + a.text());
        }
        System.out.println("needle depth 0: " + NeedleScorer.accuracy(answers));
    }
}
