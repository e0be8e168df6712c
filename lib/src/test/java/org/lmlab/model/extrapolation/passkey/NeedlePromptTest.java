package org.lmlab.model.extrapolation.passkey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lmlab.model.tokenizer.TextTokenizer;

/** RULER-style needle prompts with SmolLM2's tokenizer: exact lengths, depth, template, string_match_all. */
class NeedlePromptTest {

    static final TextTokenizer TOKENIZER = BundledTokenizer.get();
    static final List<NeedleTask> TASKS = List.of(NeedleTask.single(), NeedleTask.multiKey(), NeedleTask.multiValue(),
            new NeedleTask(1, 1, Filler.LANDMARK), new NeedleTask(3, 2, Filler.LANDMARK));

    static int tokens(String text) {
        return TOKENIZER.encode(text, false, false).length;
    }

    @Test
    void everyPromptHasExactlyTheLengthAskedFor() {
        for (NeedleTask task : TASKS) {
            for (int length : new int[] {301, 512, 513, 1000, 2047, 4096}) {
                for (double depth : new double[] {0, 0.1, 0.5, 0.73, 1}) {
                    for (long seed : new long[] {0, 3, 99}) {
                        NeedlePrompt p = NeedlePrompt.build(TOKENIZER, task, length, depth, seed);
                        assertEquals(length, p.ids().length, p.toString());
                        assertEquals(task.keys() * task.values(), p.needles().size());
                        assertEquals(task.values(), p.answers().size());
                        int[] ids = p.ids();
                        for (NeedlePrompt.Needle n : p.needles()) {
                            int[] expected = TOKENIZER.encode(NeedlePrompt.needle(n.key(), n.value()), false, false);
                            assertArrayEquals(expected, Arrays.copyOfRange(ids, n.offset(), n.offset() + n.tokens()));
                        }
                    }
                }
            }
        }
    }

    @Test
    void theAskedNeedleSitsWhereTheDepthSays() {
        int length = 999;
        NeedleTask task = NeedleTask.single();
        int head = tokens(NeedlePrompt.INSTRUCTION) + tokens("\n");
        for (int step = 0; step <= 10; step++) {
            double depth = step / 10.0;
            NeedlePrompt p = NeedlePrompt.build(TOKENIZER, task, length, depth, 7);
            int question = tokens("\n") + tokens(NeedlePrompt.QUESTION.replace("{key}", p.query()));
            int filler = length - head - p.target().tokens() - question;
            assertEquals(head + Math.round(depth * filler), p.target().offset(), "depth " + depth);
        }
        NeedlePrompt last = NeedlePrompt.build(TOKENIZER, task, length, 1, 7);
        assertEquals(length, last.target().offset() + last.target().tokens() + tokens("\n")
                + tokens(NeedlePrompt.QUESTION.replace("{key}", last.query())));
    }

    @Test
    void theTemplateIsRulers() {
        NeedlePrompt single = NeedlePrompt.build(TOKENIZER, NeedleTask.single(), 400, 0.5, 1);
        String text = TOKENIZER.decode(single.ids());
        assertTrue(text.startsWith("A special magic number is hidden within the following text. Make sure to memorize "
                + "it. I will quiz you about the number afterwards.\n" + Filler.SENTENCE + "\n" + Filler.SENTENCE
                + "\n"), text);
        assertTrue(text.contains("\nOne of the special magic numbers for " + single.query() + " is: "
                + single.answers().get(0) + ".\n"), text);
        assertTrue(text.endsWith("\nWhat is the special magic number for " + single.query() + " mentioned in the "
                + "provided text? The special magic number for " + single.query() + " mentioned in the provided text is"),
                text);
        assertTrue(single.query().matches("[a-z]+-[a-z]+"), single.query());
        assertTrue(single.answers().get(0).matches("[1-9][0-9]{6}"), single.answers().toString());

        NeedlePrompt many = NeedlePrompt.build(TOKENIZER, NeedleTask.multiValue(), 400, 0.5, 1);
        String plural = TOKENIZER.decode(many.ids());
        assertTrue(plural.startsWith("Some special magic numbers are hidden within the following text. Make sure to "
                + "memorize it. I will quiz you about the numbers afterwards.\n"), plural);
        assertTrue(plural.endsWith("\nWhat are all the special magic numbers for " + many.query() + " mentioned in the "
                + "provided text? The special magic numbers for " + many.query() + " mentioned in the provided text are"));
        for (String value : many.answers()) {
            assertTrue(plural.contains("One of the special magic numbers for " + many.query() + " is: " + value + "."));
        }

        NeedlePrompt keys = NeedlePrompt.build(TOKENIZER, NeedleTask.multiKey(), 600, 0.2, 4);
        assertEquals(4, new HashSet<>(keys.needles().stream().map(NeedlePrompt.Needle::key).toList()).size());
        assertEquals(4, new HashSet<>(keys.needles().stream().map(NeedlePrompt.Needle::value).toList()).size());
        assertEquals(keys.query(), keys.target().key());
        assertArrayEquals(keys.ids(), NeedlePrompt.build(TOKENIZER, NeedleTask.multiKey(), 600, 0.2, 4).ids());
    }

    @Test
    void errorsSayWhatIsWrong() {
        IllegalArgumentException depth = assertThrows(IllegalArgumentException.class,
                () -> NeedlePrompt.build(TOKENIZER, NeedleTask.single(), 500, 1.5, 0));
        assertTrue(depth.getMessage().startsWith("depth must be in [0, 1]"), depth.getMessage());
        IllegalArgumentException shortPrompt = assertThrows(IllegalArgumentException.class,
                () -> NeedlePrompt.build(TOKENIZER, NeedleTask.multiKey(), 60, 0.5, 0));
        assertTrue(shortPrompt.getMessage().startsWith("a needle prompt (multikey) of 60 tokens is too short to hold "
                + "the instruction"), shortPrompt.getMessage());
        assertTrue(shortPrompt.getMessage().contains("the 4 needles ("), shortPrompt.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new NeedleTask(0, 1, Filler.NOISE));
        assertThrows(IllegalArgumentException.class, () -> new NeedleTask(1, 0, Filler.NOISE));
        assertThrows(IllegalArgumentException.class, () -> new NeedleTask(1, 1, null));
    }

    @Test
    void scoringIsStringMatchAll() {
        assertEquals(1.0, NeedleAnswer.stringMatchAll(" 1234567.", List.of("1234567")));
        assertEquals(0.5, NeedleAnswer.stringMatchAll("1234567 and 7654321?", List.of("1234567", "2222222")));
        assertEquals(1.0, NeedleAnswer.stringMatchAll("ABC-def", List.of("abc-DEF")));
        assertEquals(0.0, NeedleAnswer.stringMatchAll("123456", List.of("1234567")));
        // RULER's containment: a longer number holding the value still matches.
        assertEquals(1.0, NeedleAnswer.stringMatchAll("12345678", List.of("1234567")));
        NeedlePrompt p = NeedlePrompt.build(TOKENIZER, NeedleTask.multiValue(), 400, 0.5, 2);
        NeedleAnswer half = NeedleAnswer.score(p, p.answers().get(0) + ", " + p.answers().get(2), 20, 0);
        assertEquals(0.5, half.score());
        assertFalse(half.correct());
        NeedleAnswer all = NeedleAnswer.score(p, String.join(", ", p.answers()), 20, 0);
        assertTrue(all.correct());
        assertEquals(1.0, all.score());
    }
}
