package org.lmlab.model.extrapolation.passkey;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.IntStream;
import org.lmlab.model.tokenizer.TextTokenizer;

/**
 * Token-exact assembly of a needle-in-filler prompt. The prompt is built from separately encoded
 * token segments, never by re-encoding the joined string, so byte-pair merges across a boundary
 * cannot change its length:
 *
 * <pre>
 *   [BOS] instruction
 *   "\n" filler…          (a chunk of c ≥ 0 tokens: the line break, then the first c − 1 filler tokens)
 *   "\n" needle₁
 *   "\n" filler…
 *   …
 *   "\n" needleₘ
 *   "\n" filler…
 *   "\n" question
 * </pre>
 *
 * <p>Every chunk starts the filler again from its beginning and may end inside a word, as YaRN's
 * {@code garbage_inf[:n]} does in characters. The filler tokens R (length minus everything else)
 * are shared out by depth: needle i starts after {@code round(depth_i · R)} of them, so depth 0
 * puts it right after the instruction's line and depth 1 right before the question's. A chunk of
 * one token is a bare line break (an empty line).
 */
final class Haystack {

    private final TextTokenizer tokenizer;
    private final int[] head;
    private final int[] separator;
    private final int[] firstRepeat;
    private final int[] nextRepeat;
    private final boolean bos;

    /** The assembled ids and where each needle (in the order given) starts. */
    record Layout(int[] ids, int[] offsets) {
    }

    Haystack(TextTokenizer tokenizer, String instruction, Filler filler) {
        this.tokenizer = tokenizer;
        int[] start = tokenizer.encode("", true, false);
        this.bos = start.length > 0;
        this.head = concat(start, encode(instruction));
        this.separator = encode("\n");
        this.firstRepeat = encode(Filler.SENTENCE);
        this.nextRepeat = encode(filler.joiner() + Filler.SENTENCE);
    }

    int[] encode(String text) {
        return tokenizer.encode(text, false, false);
    }

    /**
     * Builds a prompt of exactly {@code length} tokens.
     *
     * @param needles  token segments, each placed on its own line
     * @param depths   relative depth of each needle in [0, 1]
     * @param question the last line (question and answer prefix)
     * @param what     names the prompt in errors ("a passkey prompt")
     * @throws IllegalArgumentException when a depth is outside [0, 1] or {@code length} cannot hold
     *     the fixed parts
     */
    Layout assemble(int length, int[][] needles, double[] depths, int[] question, String what) {
        for (double depth : depths) {
            requireDepth(depth);
        }
        int needleTokens = 0;
        for (int[] needle : needles) {
            needleTokens += separator.length + needle.length;
        }
        int fixed = head.length + needleTokens + separator.length + question.length;
        if (length < fixed) {
            String needlePart = needles.length == 0 ? ""
                    : (needles.length == 1 ? "the needle (" : "the " + needles.length + " needles (")
                    + (needleTokens - needles.length * separator.length) + "), ";
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s of %d tokens is too short to hold the instruction (%d tokens%s), %sthe question (%d) "
                            + "and %d line breaks: ask for at least %d tokens",
                    what, length, head.length, bos ? ", BOS included" : "", needlePart, question.length,
                    (needles.length + 1) * separator.length, fixed));
        }
        int filler = length - fixed;
        int[] positions = new int[needles.length];
        for (int i = 0; i < needles.length; i++) {
            positions[i] = (int) Math.round(depths[i] * filler);
        }
        Integer[] order = IntStream.range(0, needles.length).boxed()
                .sorted(Comparator.<Integer>comparingInt(i -> positions[i]).thenComparingInt(i -> i))
                .toArray(Integer[]::new);
        int[] ids = new int[length];
        int[] offsets = new int[needles.length];
        int at = put(ids, 0, head);
        int used = 0;
        for (int i : order) {
            at = chunk(ids, at, positions[i] - used);
            used = positions[i];
            at = put(ids, at, separator);
            offsets[i] = at;
            at = put(ids, at, needles[i]);
        }
        at = chunk(ids, at, filler - used);
        at = put(ids, at, separator);
        at = put(ids, at, question);
        if (at != length) {
            throw new IllegalStateException("assembled " + at + " tokens for a prompt of " + length);
        }
        return new Layout(ids, offsets);
    }

    static void requireDepth(double depth) {
        if (!(depth >= 0 && depth <= 1)) {
            throw new IllegalArgumentException("depth must be in [0, 1] (0 = right after the instruction, "
                    + "1 = just before the question), got " + depth);
        }
    }

    /** A filler chunk of {@code count} tokens: the line break, then the filler from its start. */
    private int chunk(int[] ids, int at, int count) {
        if (count == 0) {
            return at;
        }
        int breakTokens = Math.min(count, separator.length);
        System.arraycopy(separator, 0, ids, at, breakTokens);
        at += breakTokens;
        int left = count - breakTokens;
        int[] repeat = firstRepeat;
        while (left > 0) {
            int n = Math.min(left, repeat.length);
            System.arraycopy(repeat, 0, ids, at, n);
            at += n;
            left -= n;
            repeat = nextRepeat;
        }
        return at;
    }

    private static int put(int[] ids, int at, int[] segment) {
        System.arraycopy(segment, 0, ids, at, segment.length);
        return at + segment.length;
    }

    static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
