package org.lmlab.model.safetensors;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lmlab.model.LlamaConfig;
import org.lmlab.model.extrapolation.Positions;

/**
 * {@link LlamaConfig} from a Hugging Face {@code config.json} (LlamaConfig / Qwen2Config fields), with
 * the RoPE scaling it declares ({@link HfRope}: {@code rope_scaling} or {@code rope_parameters}).
 */
public final class HfConfig {

    /**
     * lmlab's config.json key for a position encoding other than RoPE (written by the trainer;
     * see {@link HfPositions}).
     */
    public static final String POSITION_ENCODING = "lmlab_position_encoding";

    private HfConfig() {}

    /**
     * Reads {@code file}.
     *
     * @throws IllegalArgumentException naming the file and the missing or malformed field
     */
    public static LlamaConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        JsonObject o;
        try {
            o = JsonParser.parseString(text).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException(file + ": not a JSON object: " + e.getMessage(), e);
        }
        String arch = o.has("model_type") ? o.get("model_type").getAsString() : "llama";
        int hidden = intField(file, o, "hidden_size");
        int heads = intField(file, o, "num_attention_heads");
        int kvHeads = o.has("num_key_value_heads") && !o.get("num_key_value_heads").isJsonNull()
                ? intField(file, o, "num_key_value_heads") : heads;
        int headDim = o.has("head_dim") && !o.get("head_dim").isJsonNull()
                ? intField(file, o, "head_dim") : hidden / heads;
        boolean qwen2 = arch.equals("qwen2");
        int context = o.has("max_position_embeddings") ? intField(file, o, "max_position_embeddings") : 2048;
        HfRope rope = HfRope.read(file, o, headDim, context);
        Positions positions = HfPositions.read(file, o);
        try {
            return new LlamaConfig(
                    arch,
                    intField(file, o, "vocab_size"),
                    hidden,
                    intField(file, o, "intermediate_size"),
                    intField(file, o, "num_hidden_layers"),
                    heads,
                    kvHeads,
                    headDim,
                    rope.theta(),
                    o.has("rms_norm_eps") ? o.get("rms_norm_eps").getAsDouble() : 1e-6,
                    context,
                    o.has("tie_word_embeddings") && o.get("tie_word_embeddings").getAsBoolean(),
                    // Qwen2 always has q/k/v biases; LLaMA states it with attention_bias.
                    qwen2 || (o.has("attention_bias") && o.get("attention_bias").getAsBoolean()),
                    rope.scaling(),
                    rope.partialRotaryFactor(),
                    positions);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static int intField(Path file, JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            throw new IllegalArgumentException(file + ": field \"" + name + "\" is missing");
        }
        try {
            return e.getAsInt();
        } catch (NumberFormatException | IllegalStateException | UnsupportedOperationException ex) {
            throw new IllegalArgumentException(file + ": field \"" + name + "\" is not an integer: " + e);
        }
    }
}
