package org.lmlab.model.extrapolation.passkey;

import java.util.Random;
import org.lmlab.model.tokenizer.TextTokenizer;

/**
 * A passkey-retrieval prompt in the landmark-attention template (the one YaRN's eval/passkey.py
 * and LM-Infinite's data/passkey_retrieval use), built to an exact number of tokens with the
 * model's own tokenizer, the needle at a chosen relative depth:
 *
 * <pre>
 * There is an important info hidden inside a lot of irrelevant text. Find it and memorize them. I will quiz you about the important information there.
 * The grass is green. The sky is blue. The sun is yellow. Here we go. There and back again. The grass is …
 * The pass key is 52814. Remember it. 52814 is the pass key.
 * The grass is green. The sky is blue. The sun is yellow. Here we go. There and back again. The grass …
 * What is the pass key? The pass key is
 * </pre>
 *
 * <p>The lines are joined by "\n" as in landmark attention and YaRN. Where those size the filler in
 * characters (so "8k" is not 8,192 tokens), this prompt is assembled from token segments (see
 * {@link Haystack}) and holds exactly {@code length} tokens (a BOS token counts, when the model's
 * tokenizer adds one). The key is a 5-digit number drawn from the seed.
 *
 * @param ids          the prompt's token ids (exactly {@code length} of them)
 * @param key          the 5-digit pass key (also drawn for a prompt without it, to score against)
 * @param needleOffset index of the needle's first token; −1 when the prompt holds no needle
 * @param needleTokens tokens in the needle line (0 without a needle)
 * @param depth        the relative depth asked for (NaN without a needle)
 * @param seed         the seed the key was drawn from
 */
public record PasskeyPrompt(int[] ids, String key, int needleOffset, int needleTokens, double depth, long seed) {

    /**
     * The task description of landmark attention (epfml/landmark-attention llama/run_test.py) and
     * YaRN (eval/passkey.py); LM-Infinite's create_passkey_data.py has "memorize it" instead.
     */
    public static final String INSTRUCTION = "There is an important info hidden inside a lot of irrelevant text. "
            + "Find it and memorize them. I will quiz you about the important information there.";

    /** The needle line; {@code {k}} stands for the key. */
    public static final String NEEDLE = "The pass key is {k}. Remember it. {k} is the pass key.";

    /** The last line; the model's continuation is the answer. */
    public static final String QUESTION = "What is the pass key? The pass key is";

    /** Tokens in the prompt. */
    public int length() {
        return ids.length;
    }

    /** Whether the prompt holds the needle (false for the negative control). */
    public boolean hasKey() {
        return needleOffset >= 0;
    }

    /**
     * A prompt of exactly {@code length} tokens with the key's needle at {@code depth}.
     *
     * @param depth 0 = the line right after the instruction, 1 = the line just before the question;
     *     the needle starts after {@code round(depth · F)} of the F filler tokens
     * @throws IllegalArgumentException when {@code depth} is outside [0, 1] or {@code length} is too
     *     short for the instruction, needle and question (the message says how many are needed)
     */
    public static PasskeyPrompt build(TextTokenizer tokenizer, int length, double depth, long seed) {
        Haystack.requireDepth(depth);
        String key = key(seed);
        Haystack haystack = new Haystack(tokenizer, INSTRUCTION, Filler.LANDMARK);
        int[] needle = haystack.encode(needle(key));
        Haystack.Layout layout = haystack.assemble(length, new int[][] {needle}, new double[] {depth},
                haystack.encode(QUESTION), "a passkey prompt");
        return new PasskeyPrompt(layout.ids(), key, layout.offsets()[0], needle.length, depth, seed);
    }

    /**
     * The negative control: the same template and length with filler where the needle would be. The
     * key drawn from {@code seed} (the one {@link #build} would hide) is kept to score against.
     */
    public static PasskeyPrompt withoutKey(TextTokenizer tokenizer, int length, long seed) {
        Haystack haystack = new Haystack(tokenizer, INSTRUCTION, Filler.LANDMARK);
        Haystack.Layout layout = haystack.assemble(length, new int[0][], new double[0],
                haystack.encode(QUESTION), "a passkey prompt without a key");
        return new PasskeyPrompt(layout.ids(), key(seed), -1, 0, Double.NaN, seed);
    }

    /** The 5-digit key of {@code seed}: uniform on 10000–99999 ({@link Random}, the same on every JVM). */
    public static String key(long seed) {
        return Integer.toString(10_000 + new Random(seed).nextInt(90_000));
    }

    /** The needle line for {@code key}. */
    public static String needle(String key) {
        return NEEDLE.replace("{k}", key);
    }

    @Override
    public int[] ids() {
        return ids.clone();
    }

    @Override
    public String toString() {
        return "PasskeyPrompt[" + ids.length + " tokens, key " + key
                + (hasKey() ? ", needle at token " + needleOffset + " (depth " + depth + ")" : ", no needle")
                + ", seed " + seed + "]";
    }
}
