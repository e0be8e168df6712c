package org.lmlab.model.tokenizer;

import java.util.OptionalInt;

/**
 * Text to token ids and back. Implemented from GGUF metadata (GPT-2 byte-level BPE) and from a
 * Hugging Face {@code tokenizer.json}; both must give llama.cpp's / transformers' ids exactly.
 */
public interface TextTokenizer {

    /**
     * Token ids of {@code text}. Special tokens written literally in the text (such as
     * {@code <|im_start|>}) are recognised when {@code parseSpecial} is true, as llama.cpp does for
     * chat prompts; a BOS token is prepended only when the model's metadata asks for it and
     * {@code addBos} is true.
     */
    int[] encode(String text, boolean addBos, boolean parseSpecial);

    /** Text of the ids; special tokens are rendered as their literal text. */
    String decode(int[] ids);

    /** Text of one token, for streaming output (may be a partial UTF-8 sequence's replacement). */
    String piece(int id);

    int vocabSize();

    OptionalInt bos();

    OptionalInt eos();

    /** Id of a special token by its literal text, such as {@code <|im_end|>}. */
    OptionalInt special(String literal);
}
