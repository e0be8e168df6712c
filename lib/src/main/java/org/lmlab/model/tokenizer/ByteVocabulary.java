package org.lmlab.model.tokenizer;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The smallest tokenizer a language model can have: one token per UTF-8 byte, id = byte value.
 * {@link #writeTokenizerJson} states it as a Hugging Face {@code tokenizer.json} (byte-level BPE
 * with GPT-2's byte-to-character alphabet and no merges), which {@link HfTokenizer} and
 * transformers read back with the same ids as {@link #encode}.
 */
public final class ByteVocabulary {

    /** Tokens: one per byte value. */
    public static final int SIZE = 256;

    private ByteVocabulary() {
    }

    /** The UTF-8 bytes of {@code text} as ids 0..255. */
    public static int[] encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ids[i] = bytes[i] & 0xff;
        }
        return ids;
    }

    /** Writes the tokenizer.json of this vocabulary to {@code file}. */
    public static void writeTokenizerJson(Path file) {
        JsonObject byteLevel = new JsonObject();
        byteLevel.addProperty("type", "ByteLevel");
        byteLevel.addProperty("add_prefix_space", false);
        byteLevel.addProperty("trim_offsets", false);
        byteLevel.addProperty("use_regex", true); // splits into GPT-2 words: same ids, faster without merges
        JsonObject vocab = new JsonObject();
        for (int b = 0; b < SIZE; b++) {
            vocab.addProperty(String.valueOf(ByteLevel.symbol(b)), b);
        }
        JsonObject model = new JsonObject();
        model.addProperty("type", "BPE");
        model.add("dropout", JsonNull.INSTANCE);
        model.add("unk_token", JsonNull.INSTANCE);
        model.add("continuing_subword_prefix", JsonNull.INSTANCE);
        model.add("end_of_word_suffix", JsonNull.INSTANCE);
        model.addProperty("fuse_unk", false);
        model.addProperty("byte_fallback", false);
        model.add("vocab", vocab);
        model.add("merges", new JsonArray());
        JsonObject root = new JsonObject();
        root.addProperty("version", "1.0");
        root.add("truncation", JsonNull.INSTANCE);
        root.add("padding", JsonNull.INSTANCE);
        root.add("added_tokens", new JsonArray());
        root.add("normalizer", JsonNull.INSTANCE);
        root.add("pre_tokenizer", byteLevel);
        root.add("post_processor", JsonNull.INSTANCE);
        root.add("decoder", byteLevel);
        root.add("model", model);
        try {
            Files.writeString(file, new GsonBuilder().serializeNulls().disableHtmlEscaping().setPrettyPrinting().create().toJson(root));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
