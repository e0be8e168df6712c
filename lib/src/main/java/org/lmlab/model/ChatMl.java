package org.lmlab.model;

import java.util.List;
import java.util.OptionalInt;
import org.lmlab.model.tokenizer.TextTokenizer;

/**
 * ChatML prompts as SmolLM2's chat template writes them: each message is
 * {@code <|im_start|>role\ncontent<|im_end|>\n}; a default system message is added when the
 * conversation does not start with one; the generation prompt is {@code <|im_start|>assistant\n}.
 */
public final class ChatMl {

    /** SmolLM2-Instruct's default system message (from its GGUF chat template). */
    public static final String SMOLLM2_SYSTEM =
            "You are a helpful AI assistant named SmolLM, trained by Hugging Face";

    public static final String END = "<|im_end|>";

    /** One chat turn. */
    public record Message(String role, String content) {}

    private ChatMl() {}

    public static String format(List<Message> messages, String defaultSystem, boolean addGenerationPrompt) {
        StringBuilder sb = new StringBuilder();
        if (defaultSystem != null && (messages.isEmpty() || !messages.get(0).role().equals("system"))) {
            turn(sb, "system", defaultSystem);
        }
        for (Message m : messages) {
            turn(sb, m.role(), m.content());
        }
        if (addGenerationPrompt) {
            sb.append("<|im_start|>assistant\n");
        }
        return sb.toString();
    }

    private static void turn(StringBuilder sb, String role, String content) {
        sb.append("<|im_start|>").append(role).append('\n').append(content).append(END).append('\n');
    }

    /** Token ids of the formatted prompt, special tokens parsed. */
    public static int[] encode(TextTokenizer tokenizer, List<Message> messages, String defaultSystem) {
        return tokenizer.encode(format(messages, defaultSystem, true), false, true);
    }

    /** The id that ends an assistant turn. */
    public static int endToken(TextTokenizer tokenizer) {
        OptionalInt id = tokenizer.special(END);
        if (id.isEmpty()) {
            throw new IllegalArgumentException("the tokenizer has no " + END + " token: not a ChatML model");
        }
        return id.getAsInt();
    }
}
