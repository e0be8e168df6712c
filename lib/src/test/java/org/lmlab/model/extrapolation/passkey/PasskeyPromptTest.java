package org.lmlab.model.extrapolation.passkey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lmlab.model.tokenizer.TextTokenizer;

/** Passkey prompts with SmolLM2's tokenizer: exact lengths, where the needle lands, the template, errors. */
class PasskeyPromptTest {

    static final TextTokenizer TOKENIZER = BundledTokenizer.get();

    static int tokens(String text) {
        return TOKENIZER.encode(text, false, false).length;
    }

    /** Tokens before the first filler token: BOS (if any), the instruction, one line break. */
    static int head() {
        return TOKENIZER.encode("", true, false).length + tokens(PasskeyPrompt.INSTRUCTION) + tokens("\n");
    }

    @Test
    void everyPromptHasExactlyTheLengthAskedFor() {
        int built = 0;
        for (int length : new int[] {PasskeyPrompt.build(TOKENIZER, 1000, 0, 0).needleOffset() + 40, 97, 128, 129,
                255, 256, 257, 511, 1000, 1023, 1024, 2047, 4097, 8191}) {
            for (double depth : new double[] {0, 0.01, 0.1, 0.25, 1.0 / 3, 0.5, 0.77, 0.9, 0.999, 1}) {
                for (long seed : new long[] {0, 1, 7, 12345, -3}) {
                    PasskeyPrompt p = PasskeyPrompt.build(TOKENIZER, length, depth, seed);
                    assertEquals(length, p.ids().length, p.toString());
                    assertEquals(length, p.length());
                    built++;
                }
            }
            assertEquals(length, PasskeyPrompt.withoutKey(TOKENIZER, length, 3).ids().length);
        }
        assertEquals(14 * 10 * 5, built);
    }

    @Test
    void theShortestPromptIsExactAndOneTokenLessIsRefused() {
        String key = PasskeyPrompt.key(5);
        int minimum = head() + tokens(PasskeyPrompt.needle(key)) + tokens("\n") + tokens(PasskeyPrompt.QUESTION);
        PasskeyPrompt shortest = PasskeyPrompt.build(TOKENIZER, minimum, 0.5, 5);
        assertEquals(minimum, shortest.length());
        assertEquals(TOKENIZER.decode(TOKENIZER.encode("", true, false)) + PasskeyPrompt.INSTRUCTION + "\n"
                + PasskeyPrompt.needle(key) + "\n" + PasskeyPrompt.QUESTION, TOKENIZER.decode(shortest.ids()));
        // Odd lengths just above the minimum: a one-token filler chunk is a bare line break.
        for (int extra = 1; extra <= 5; extra++) {
            for (double depth : new double[] {0, 0.5, 1}) {
                assertEquals(minimum + extra, PasskeyPrompt.build(TOKENIZER, minimum + extra, depth, 5).length());
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PasskeyPrompt.build(TOKENIZER, minimum - 1, 0.5, 5));
        assertTrue(e.getMessage().startsWith("a passkey prompt of " + (minimum - 1) + " tokens is too short"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("ask for at least " + minimum + " tokens"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PasskeyPrompt.build(TOKENIZER, 0, 0.5, 5));
        assertThrows(IllegalArgumentException.class, () -> PasskeyPrompt.build(TOKENIZER, -10, 0.5, 5));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> PasskeyPrompt.withoutKey(TOKENIZER, 20, 5));
        assertTrue(none.getMessage().contains("without a key"), none.getMessage());
    }

    /**
     * A tokenizer that merges a line break with the character after it (one token for "\nT"), so
     * encoding the joined text gives fewer tokens than its parts: assembling from segments keeps the
     * length exact where re-encoding the string would not.
     */
    static final class MergingTokenizer implements TextTokenizer {
        static final int MERGED = 0x110000;

        @Override
        public int[] encode(String text, boolean addBos, boolean parseSpecial) {
            java.util.List<Integer> ids = new java.util.ArrayList<>();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\n' && i + 1 < text.length() && text.charAt(i + 1) != '\n') {
                    ids.add(MERGED + text.charAt(++i));
                } else {
                    ids.add((int) c);
                }
            }
            return ids.stream().mapToInt(Integer::intValue).toArray();
        }

        @Override
        public String decode(int[] ids) {
            StringBuilder out = new StringBuilder();
            for (int id : ids) {
                out.append(id >= MERGED ? "\n" + (char) (id - MERGED) : String.valueOf((char) id));
            }
            return out.toString();
        }

        @Override
        public String piece(int id) {
            return decode(new int[] {id});
        }

        @Override
        public int vocabSize() {
            return MERGED + 0x10000;
        }

        @Override
        public java.util.OptionalInt bos() {
            return java.util.OptionalInt.empty();
        }

        @Override
        public java.util.OptionalInt eos() {
            return java.util.OptionalInt.empty();
        }

        @Override
        public java.util.OptionalInt special(String literal) {
            return java.util.OptionalInt.empty();
        }
    }

    @Test
    void mergesAcrossSegmentBoundariesCannotChangeTheLength() {
        TextTokenizer merging = new MergingTokenizer();
        for (int length : new int[] {600, 601, 777, 1500}) {
            for (double depth : new double[] {0, 0.3, 1}) {
                PasskeyPrompt p = PasskeyPrompt.build(merging, length, depth, 2);
                assertEquals(length, p.length());
                int reencoded = merging.encode(merging.decode(p.ids()), false, false).length;
                assertTrue(reencoded < length, "re-encoding the text merges line breaks: " + reencoded);
                NeedlePrompt n = NeedlePrompt.build(merging, NeedleTask.multiKey(), length, depth, 2);
                assertEquals(length, n.length());
            }
        }
    }

    @Test
    void depthOutsideZeroOneIsRefused() {
        for (double depth : new double[] {-0.01, 1.0001, 2, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PasskeyPrompt.build(TOKENIZER, 512, depth, 0));
            assertEquals("depth must be in [0, 1] (0 = right after the instruction, 1 = just before the question), got "
                    + depth, e.getMessage());
        }
    }

    @Test
    void theNeedleSitsWhereTheDepthSays() {
        int length = 1001;
        int question = tokens("\n") + tokens(PasskeyPrompt.QUESTION);
        int previous = -1;
        for (int step = 0; step <= 20; step++) {
            double depth = step / 20.0;
            PasskeyPrompt p = PasskeyPrompt.build(TOKENIZER, length, depth, 42);
            int[] needle = TOKENIZER.encode(PasskeyPrompt.needle(p.key()), false, false);
            assertEquals(needle.length, p.needleTokens());
            assertArrayEquals(needle, Arrays.copyOfRange(p.ids(), p.needleOffset(), p.needleOffset() + needle.length));
            // F filler tokens, of which round(depth * F) come before the needle's line.
            int filler = length - head() - needle.length - question;
            assertEquals(head() + Math.round(depth * filler), p.needleOffset(), "depth " + depth);
            assertTrue(p.needleOffset() > previous);
            previous = p.needleOffset();
            if (step == 0) {
                assertEquals(head(), p.needleOffset(), "depth 0: the line right after the instruction");
            }
            if (step == 20) {
                assertEquals(length, p.needleOffset() + needle.length + question,
                        "depth 1: the line just before the question");
            }
        }
    }

    @Test
    void theTemplateIsLandmarkAttentions() {
        PasskeyPrompt p = PasskeyPrompt.build(TOKENIZER, 400, 0.5, 9);
        String text = TOKENIZER.decode(p.ids());
        String[] lines = text.split("\n", -1);
        assertEquals(5, lines.length, text);
        assertEquals(PasskeyPrompt.INSTRUCTION, lines[0].replace(TOKENIZER.decode(TOKENIZER.encode("", true, false)), ""));
        assertTrue(lines[1].startsWith(Filler.SENTENCE + " " + Filler.SENTENCE), lines[1]);
        assertEquals("The pass key is " + p.key() + ". Remember it. " + p.key() + " is the pass key.", lines[2]);
        assertTrue(lines[3].startsWith(Filler.SENTENCE + " The grass"), lines[3]);
        assertEquals("What is the pass key? The pass key is", lines[4]);
        // The two filler lines are the same filler cut at two lengths (YaRN's garbage_inf[:n]).
        assertTrue(lines[1].startsWith(lines[3]) || lines[3].startsWith(lines[1]));
    }

    @Test
    void keysAreSeededFiveDigitNumbers() {
        Set<String> keys = new HashSet<>();
        for (long seed = 0; seed < 200; seed++) {
            String key = PasskeyPrompt.key(seed);
            assertTrue(key.matches("[1-9][0-9]{4}"), key);
            assertEquals(key, PasskeyPrompt.build(TOKENIZER, 300, 0.3, seed).key());
            keys.add(key);
        }
        assertTrue(keys.size() > 190, "keys repeat too often: " + keys.size());
        assertEquals(PasskeyPrompt.key(17), PasskeyPrompt.key(17));
        assertNotEquals(PasskeyPrompt.key(17), PasskeyPrompt.key(18));
        assertArrayEquals(PasskeyPrompt.build(TOKENIZER, 777, 0.4, 17).ids(), PasskeyPrompt.build(TOKENIZER, 777, 0.4, 17).ids());
    }

    @Test
    void withoutKeyHoldsNoNeedleAndNoKey() {
        for (long seed = 0; seed < 20; seed++) {
            PasskeyPrompt p = PasskeyPrompt.withoutKey(TOKENIZER, 300 + (int) seed, seed);
            String text = TOKENIZER.decode(p.ids());
            assertFalse(p.hasKey());
            assertEquals(-1, p.needleOffset());
            assertFalse(text.contains(p.key()), text);
            assertFalse(text.contains("The pass key is "), text);
            assertTrue(text.endsWith("\n" + PasskeyPrompt.QUESTION));
            assertEquals(PasskeyPrompt.key(seed), p.key());
        }
    }

    @Test
    void theFirstNumberOfTheAnswerIsCompared() {
        assertEquals("52814", PasskeyAnswer.firstNumber(" 52814. Remember it."));
        assertEquals("528145", PasskeyAnswer.firstNumber(" 528145"));
        assertEquals("5", PasskeyAnswer.firstNumber("5 2 8 1 4"));
        assertEquals("", PasskeyAnswer.firstNumber(" unknown."));
        assertEquals("123", PasskeyAnswer.firstNumber("x123"));
        PasskeyPrompt p = PasskeyPrompt.build(TOKENIZER, 300, 0, 1);
        assertTrue(PasskeyAnswer.score(p, " " + p.key() + ". Remember it.", 10, 0).correct());
        assertFalse(PasskeyAnswer.score(p, " " + p.key() + "0.", 10, 0).correct());
        assertFalse(PasskeyAnswer.score(p, " 1. " + p.key(), 10, 0).correct());
        assertFalse(PasskeyAnswer.score(p, "", 10, 0).correct());
    }
}
