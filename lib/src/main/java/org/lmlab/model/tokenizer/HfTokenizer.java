package org.lmlab.model.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A Hugging Face {@code tokenizer.json} through DJL's binding of the {@code tokenizers} library.
 * BOS/EOS come from a {@code tokenizer_config.json} beside it when there is one.
 *
 * <p>Limits of the library: added (special) tokens written in the text are always recognised, so
 * {@code parseSpecial = false} on a text containing one is refused; {@code addBos} runs the
 * tokenizer's post-processor, which adds whatever special tokens its template names.
 */
public final class HfTokenizer extends VocabularyFacts implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;

    private HfTokenizer(HuggingFaceTokenizer tokenizer, int vocabSize, OptionalInt bos, OptionalInt eos,
            Map<String, Integer> specials) {
        super(vocabSize, bos, eos, specials);
        this.tokenizer = tokenizer;
    }

    /**
     * Opens a {@code tokenizer.json} (or a directory holding one).
     *
     * @throws IllegalArgumentException naming the file when it is missing or not a tokenizer
     */
    public static HfTokenizer open(Path path) {
        Path json = Files.isDirectory(path) ? path.resolve("tokenizer.json") : path;
        if (!Files.isRegularFile(json)) {
            throw new IllegalArgumentException("no tokenizer file " + json);
        }
        try {
            JsonObject root = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
            int maxId = -1;
            for (Map.Entry<String, JsonElement> e : root.getAsJsonObject("model").getAsJsonObject("vocab").entrySet()) {
                maxId = Math.max(maxId, e.getValue().getAsInt());
            }
            Map<String, Integer> specials = new HashMap<>();
            if (root.has("added_tokens")) {
                for (JsonElement e : root.getAsJsonArray("added_tokens")) {
                    JsonObject t = e.getAsJsonObject();
                    specials.put(t.get("content").getAsString(), t.get("id").getAsInt());
                    maxId = Math.max(maxId, t.get("id").getAsInt());
                }
            }
            Path config = json.resolveSibling("tokenizer_config.json");
            JsonObject cfg = Files.isRegularFile(config)
                    ? JsonParser.parseString(Files.readString(config)).getAsJsonObject() : new JsonObject();
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(json,
                    Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false", "maxLength", "-1"));
            return new HfTokenizer(tokenizer, maxId + 1, tokenId(cfg.get("bos_token"), specials),
                    tokenId(cfg.get("eos_token"), specials), specials);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + json, e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(json + " is not a Hugging Face tokenizer.json: " + e.getMessage(), e);
        }
    }

    private static OptionalInt tokenId(JsonElement token, Map<String, Integer> specials) {
        if (token == null || token.isJsonNull()) {
            return OptionalInt.empty();
        }
        String text = token.isJsonObject() ? token.getAsJsonObject().get("content").getAsString() : token.getAsString();
        Integer id = specials.get(text);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    @Override
    public int[] encode(String text, boolean addBos, boolean parseSpecial) {
        if (!parseSpecial) {
            specials().keySet().stream().filter(text::contains).findFirst().ifPresent(s -> {
                throw new IllegalArgumentException("the tokenizers library always parses special tokens; the text"
                        + " contains " + s);
            });
        }
        long[] ids = tokenizer.encode(text, addBos, false).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    @Override
    public String decode(int[] ids) {
        long[] wide = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            wide[i] = ids[i];
        }
        return tokenizer.decode(wide, false);
    }

    @Override
    public String piece(int id) {
        return decode(new int[] {id});
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
