package org.lmlab.model.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into words before BPE, as llama.cpp does for a vocabulary's {@code tokenizer.ggml.pre}.
 * Supported: {@code gpt2} (GPT-2's pattern) and the family llama.cpp gives the pattern list
 * {@code [\p{N}, GPT-2]} ({@code smollm}, {@code starcoder}, {@code refact}, {@code command-r},
 * {@code codeshell}, {@code exaone}, {@code minerva}): every number character is first cut out as
 * a word of its own, then GPT-2's pattern splits the text between them.
 *
 * <p>Whitespace is Unicode's White_Space set, llama.cpp's definition, not Java's ASCII {@code \s}.
 */
final class PreTokenizer {

    private static final Set<String> DIGITS_FIRST = Set.of("smollm", "starcoder", "refact", "command-r", "codeshell",
            "exaone", "minerva");

    private static final String WS = "[\\t\\n\\x0B\\f\\r \\x85\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]";
    private static final String NOT_WS_L_N = "[^\\t\\n\\x0B\\f\\r \\x85\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F"
            + "\\u205F\\u3000\\p{L}\\p{N}]";
    // GPT-2: contractions | ?letters | ?numbers | ?other | whitespace not followed by non-space | whitespace
    private static final Pattern GPT2 = Pattern.compile("'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?" + NOT_WS_L_N
            + "+|" + WS + "+(?!" + "[^" + WS.substring(1) + ")|" + WS + "+");
    private static final Pattern NUMBER = Pattern.compile("\\p{N}");

    private final boolean digitsFirst;

    private PreTokenizer(boolean digitsFirst) {
        this.digitsFirst = digitsFirst;
    }

    /** @throws IllegalArgumentException naming the type and the supported ones */
    static PreTokenizer forType(String pre) {
        if ("gpt2".equals(pre) || "default".equals(pre)) {
            return new PreTokenizer(false);
        }
        if (DIGITS_FIRST.contains(pre)) {
            return new PreTokenizer(true);
        }
        throw new IllegalArgumentException("pre-tokenizer '" + pre + "' is not supported; supported: gpt2, "
                + String.join(", ", new TreeSet<>(DIGITS_FIRST)));
    }

    List<String> split(String text) {
        List<String> words = new ArrayList<>();
        if (!digitsFirst) {
            splitGpt2(text, words);
            return words;
        }
        Matcher m = NUMBER.matcher(text);
        int last = 0;
        while (m.find()) {
            splitGpt2(text.substring(last, m.start()), words);
            words.add(m.group());
            last = m.end();
        }
        splitGpt2(text.substring(last), words);
        return words;
    }

    /** GPT-2's pattern over one piece; text between matches (none with this pattern) is kept as words. */
    private static void splitGpt2(String piece, List<String> words) {
        Matcher m = GPT2.matcher(piece);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) {
                words.add(piece.substring(last, m.start()));
            }
            words.add(m.group());
            last = m.end();
        }
        if (last < piece.length()) {
            words.add(piece.substring(last));
        }
    }
}
