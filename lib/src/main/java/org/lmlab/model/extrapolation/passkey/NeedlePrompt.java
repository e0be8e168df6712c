package org.lmlab.model.extrapolation.passkey;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.lmlab.model.tokenizer.TextTokenizer;

/**
 * A RULER needle-in-a-haystack prompt (NVIDIA/RULER, scripts/data/synthetic/constants.py template
 * with its answer prefix, scripts/data/synthetic/niah.py needles), built to an exact number of
 * tokens with the needle asked about at a chosen depth. With one value per key:
 *
 * <pre>
 * A special magic number is hidden within the following text. Make sure to memorize it. I will quiz you about the number afterwards.
 * The grass is green. The sky is blue. The sun is yellow. Here we go. There and back again.
 * The grass is green. …
 * One of the special magic numbers for gentle-harbor is: 4921730.
 * The grass is …
 * What is the special magic number for gentle-harbor mentioned in the provided text? The special magic number for gentle-harbor mentioned in the provided text is
 * </pre>
 *
 * <p>With several values per key RULER's plural wording is kept ("Some special magic numbers are
 * hidden …", "What are all the special magic numbers for … are"). The needle line always says
 * "numbers", as RULER's does. The first value of the asked key sits at {@code depth}; every other
 * needle (other values, distractor keys) at a depth drawn from the seed, as RULER places needles at
 * random. Lines are joined by "\n" as RULER's noise haystack is; the token-exact assembly is
 * {@link Haystack}'s.
 *
 * @param ids     the prompt's token ids (exactly {@code length} of them)
 * @param task    keys, values per key and haystack
 * @param query   the key asked about
 * @param answers its values, all of which a correct answer holds
 * @param needles every needle line, in the order they were drawn (the asked key's first)
 * @param depth   the relative depth of the asked key's first value
 * @param seed    the seed keys, values and other depths were drawn from
 */
public record NeedlePrompt(int[] ids, NeedleTask task, String query, List<String> answers, List<Needle> needles,
                           double depth, long seed) {

    /** RULER's needle; {@code {key}} and {@code {value}} are filled in. */
    public static final String NEEDLE = "One of the special magic numbers for {key} is: {value}.";

    /** RULER's niah instruction for one value (its plural template after the singular rewrite). */
    public static final String INSTRUCTION = "A special magic number is hidden within the following text. "
            + "Make sure to memorize it. I will quiz you about the number afterwards.";

    /** RULER's niah instruction for several values. */
    public static final String INSTRUCTION_PLURAL = "Some special magic numbers are hidden within the following "
            + "text. Make sure to memorize it. I will quiz you about the numbers afterwards.";

    /** RULER's question and answer prefix for one value; {@code {key}} is the asked key. */
    public static final String QUESTION = "What is the special magic number for {key} mentioned in the provided "
            + "text? The special magic number for {key} mentioned in the provided text is";

    /** RULER's question and answer prefix for several values. */
    public static final String QUESTION_PLURAL = "What are all the special magic numbers for {key} mentioned in the "
            + "provided text? The special magic numbers for {key} mentioned in the provided text are";

    /**
     * One needle line.
     *
     * @param key    its key
     * @param value  its 7-digit value
     * @param depth  its relative depth
     * @param offset index of its first token in the prompt
     * @param tokens its tokens
     */
    public record Needle(String key, String value, double depth, int offset, int tokens) {
    }

    // Keys are adjective-noun pairs like RULER's wonderwords "words" keys; these short lists are lmlab's own.
    private static final String[] ADJECTIVES = {"ancient", "bright", "calm", "clever", "crisp", "dusty", "eager",
        "faint", "gentle", "golden", "hollow", "humble", "icy", "jolly", "lively", "lucky", "mellow", "misty",
        "noble", "odd", "pale", "proud", "quiet", "rapid", "rusty", "silent", "sleepy", "smooth", "steady", "sunny",
        "tidy", "vivid", "wary", "wild", "witty", "young"};
    private static final String[] NOUNS = {"anchor", "badger", "basket", "candle", "canyon", "cellar", "comet",
        "cottage", "falcon", "fiddle", "garden", "harbor", "helmet", "island", "kettle", "ladder", "lantern",
        "meadow", "mirror", "orchard", "otter", "pebble", "pepper", "quarry", "ribbon", "saddle", "schooner",
        "thimble", "timber", "tunnel", "valley", "violin", "walrus", "willow", "window", "zephyr"};

    /** Tokens in the prompt. */
    public int length() {
        return ids.length;
    }

    /** The asked key's first needle. */
    public Needle target() {
        return needles.get(0);
    }

    @Override
    public int[] ids() {
        return ids.clone();
    }

    /**
     * A prompt of exactly {@code length} tokens for {@code task}, the asked key's first value at
     * {@code depth}.
     *
     * @throws IllegalArgumentException when {@code depth} is outside [0, 1] or {@code length} is too
     *     short for the instruction, needles and question
     */
    public static NeedlePrompt build(TextTokenizer tokenizer, NeedleTask task, int length, double depth, long seed) {
        Haystack.requireDepth(depth);
        Random random = new Random(seed);
        List<String> keys = distinct(task.keys(), () -> ADJECTIVES[random.nextInt(ADJECTIVES.length)] + "-"
                + NOUNS[random.nextInt(NOUNS.length)]);
        List<String> values = distinct(task.keys() * task.values(),
                () -> Integer.toString(1_000_000 + random.nextInt(9_000_000)));
        boolean plural = task.values() > 1;
        String query = keys.get(0);
        Haystack haystack = new Haystack(tokenizer, plural ? INSTRUCTION_PLURAL : INSTRUCTION, task.haystack());
        int count = values.size();
        int[][] segments = new int[count][];
        double[] depths = new double[count];
        for (int i = 0; i < count; i++) {
            String key = keys.get(i / task.values());
            segments[i] = haystack.encode(needle(key, values.get(i)));
            depths[i] = i == 0 ? depth : random.nextDouble();
        }
        String question = (plural ? QUESTION_PLURAL : QUESTION).replace("{key}", query);
        Haystack.Layout layout = haystack.assemble(length, segments, depths, haystack.encode(question),
                "a needle prompt (" + task.label() + ")");
        List<Needle> needles = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            needles.add(new Needle(keys.get(i / task.values()), values.get(i), depths[i], layout.offsets()[i],
                    segments[i].length));
        }
        return new NeedlePrompt(layout.ids(), task, query, List.copyOf(values.subList(0, task.values())),
                List.copyOf(needles), depth, seed);
    }

    /** The needle line for {@code key} and {@code value}. */
    public static String needle(String key, String value) {
        return NEEDLE.replace("{key}", key).replace("{value}", value);
    }

    private static List<String> distinct(int count, Supplier<String> draw) {
        Set<String> out = new LinkedHashSet<>();
        while (out.size() < count) {
            out.add(draw.get());
        }
        return new ArrayList<>(out);
    }

    @Override
    public String toString() {
        return "NeedlePrompt[" + task.label() + ", " + ids.length + " tokens, " + query + " -> " + answers
                + " at token " + target().offset() + " (depth " + depth + "), seed " + seed + "]";
    }
}
