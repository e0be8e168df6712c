package org.lmlab.model;

import java.util.Arrays;
import java.util.function.Consumer;
import org.lmlab.model.tokenizer.TextTokenizer;

/**
 * Turns generated token ids into text pieces as they arrive. A token can end inside a UTF-8
 * character (emoji, CJK); such a piece is held back until the character is complete, so the
 * streamed text always equals the decoded whole.
 */
final class TextStream {

    private final TextTokenizer tokenizer;
    private final Consumer<String> onText;
    private int[] ids = new int[16];
    private int count;
    private int emitted;

    TextStream(TextTokenizer tokenizer, Consumer<String> onText) {
        this.tokenizer = tokenizer;
        this.onText = onText;
    }

    void accept(int id) {
        if (tokenizer.special(tokenizer.piece(id)).isPresent()) {
            return; // stop and control tokens are not text
        }
        if (count == ids.length) {
            ids = Arrays.copyOf(ids, count * 2);
        }
        ids[count++] = id;
        String text = tokenizer.decode(Arrays.copyOf(ids, count));
        if (text.endsWith("\uFFFD")) {
            return;
        }
        if (text.length() > emitted) {
            onText.accept(text.substring(emitted));
            emitted = text.length();
        }
    }
}
