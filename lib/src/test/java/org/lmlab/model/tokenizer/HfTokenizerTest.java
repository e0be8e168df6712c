package org.lmlab.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.model.gguf.BundledModel;
import org.lmlab.model.gguf.GgufFile;

/**
 * {@link HfTokenizer} (Hugging Face tokenizers through DJL) on a {@code tokenizer.json} built from the
 * bundled GGUF's vocabulary with SmolLM2's published pipeline (individual digits, then byte-level
 * BPE), side by side with {@link GgufTokenizer}, which {@link GgufTokenizerLlamaCppTest} checks
 * against llama.cpp.
 */
class HfTokenizerTest {

    @Test
    void sameIdsAsTheGgufTokenizer(@TempDir Path dir) throws Exception {
        GgufTokenizer gguf;
        Path json = dir.resolve("tokenizer.json");
        try (GgufFile file = GgufFile.open(BundledModel.path())) {
            gguf = GgufTokenizer.from(file);
            Files.writeString(json, tokenizerJson(file).toString());
        }
        Files.writeString(dir.resolve("tokenizer_config.json"),
                "{\"bos_token\": \"<|im_start|>\", \"eos_token\": {\"content\": \"<|im_end|>\"}}");
        try (HfTokenizer hf = HfTokenizer.open(dir)) {
            int texts = 0;
            for (List<String> corpus : List.of(GgufTokenizerLlamaCppTest.CORPUS,
                    GgufTokenizerLlamaCppTest.randomStrings(500))) {
                for (String text : corpus) {
                    int[] ids = gguf.encode(text, false, true);
                    assertArrayEquals(ids, hf.encode(text, false, true),
                            () -> "text: " + GgufTokenizerLlamaCppTest.escape(text));
                    assertEquals(gguf.decode(ids), hf.decode(ids), text);
                    texts++;
                }
            }
            String longText = String.join("\n", GgufTokenizerLlamaCppTest.CORPUS).repeat(8);
            int[] longIds = gguf.encode(longText, false, true);
            assertTrue(longIds.length > 4000, "long text: " + longIds.length + " tokens");
            assertArrayEquals(longIds, hf.encode(longText, false, true), "no truncation");
            System.out.println("HF tokenizers (DJL) and the GGUF tokenizer agree on " + texts + " texts and one of "
                    + longIds.length + " tokens");
            assertEquals(49152, hf.vocabSize());
            assertEquals(1, hf.bos().orElseThrow());
            assertEquals(2, hf.eos().orElseThrow());
            assertEquals(2, hf.special("<|im_end|>").orElseThrow());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> hf.encode("a<|im_end|>", false, false));
            assertTrue(e.getMessage().contains("<|im_end|>"), e.getMessage());
        }
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> HfTokenizer.open(dir.resolve("nowhere")));
        assertEquals("no tokenizer file " + dir.resolve("nowhere"), missing.getMessage());
    }

    /** tokenizer.json with the GGUF's vocabulary, merges and control tokens. */
    static JsonObject tokenizerJson(GgufFile file) {
        List<?> tokens = file.array("tokenizer.ggml.tokens");
        List<?> types = file.array("tokenizer.ggml.token_type");
        JsonObject vocab = new JsonObject();
        JsonArray added = new JsonArray();
        for (int i = 0; i < tokens.size(); i++) {
            vocab.addProperty((String) tokens.get(i), i);
            if (((Number) types.get(i)).intValue() == GgufTokenizer.CONTROL) {
                JsonObject t = new JsonObject();
                t.addProperty("id", i);
                t.addProperty("content", (String) tokens.get(i));
                t.addProperty("single_word", false);
                t.addProperty("lstrip", false);
                t.addProperty("rstrip", false);
                t.addProperty("normalized", false);
                t.addProperty("special", true);
                added.add(t);
            }
        }
        JsonArray merges = new JsonArray();
        file.array("tokenizer.ggml.merges").forEach(m -> merges.add((String) m));
        JsonObject model = new JsonObject();
        model.addProperty("type", "BPE");
        model.addProperty("fuse_unk", false);
        model.addProperty("byte_fallback", false);
        model.add("vocab", vocab);
        model.add("merges", merges);
        JsonObject digits = new JsonObject();
        digits.addProperty("type", "Digits");
        digits.addProperty("individual_digits", true);
        JsonArray steps = new JsonArray();
        steps.add(digits);
        steps.add(byteLevel());
        JsonObject pre = new JsonObject();
        pre.addProperty("type", "Sequence");
        pre.add("pretokenizers", steps);
        JsonObject root = new JsonObject();
        root.addProperty("version", "1.0");
        root.add("added_tokens", added);
        root.add("pre_tokenizer", pre);
        root.add("post_processor", byteLevel());
        root.add("decoder", byteLevel());
        root.add("model", model);
        return root;
    }

    private static JsonObject byteLevel() {
        JsonObject o = new JsonObject();
        o.addProperty("type", "ByteLevel");
        o.addProperty("add_prefix_space", false);
        o.addProperty("trim_offsets", true);
        o.addProperty("use_regex", true);
        return o;
    }
}
