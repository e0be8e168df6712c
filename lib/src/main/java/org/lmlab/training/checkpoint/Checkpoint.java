package org.lmlab.training.checkpoint;

import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lmlab.model.safetensors.HfConfig;
import org.lmlab.model.safetensors.Safetensors;
import org.lmlab.training.Transformer;
import org.lmlab.training.TransformerConfig;
import org.lmlab.training.position.PositionEncoding;
import org.lmlab.training.position.Rotary;

/**
 * A trained model as a Hugging Face LLaMA directory: {@code model.safetensors} (F32, LLaMA tensor
 * names) and {@code config.json} (LLaMA fields, {@code max_position_embeddings} = the trained
 * context, plus {@code lmlab_position_encoding} naming the encoding). {@code %model load} runs
 * RoPE, NoPE and ALiBi checkpoints; it refuses learned absolute, sinusoidal and T5 ones by name,
 * and {@link #read} loads every kind back into the trainer. A tokenizer.json, if any, is the
 * caller's to add.
 */
public final class Checkpoint {

    public static final String WEIGHTS = "model.safetensors";
    public static final String CONFIG = "config.json";

    private Checkpoint() {
    }

    /** Writes {@code model} into {@code dir} (created if needed; earlier files of these names are replaced). */
    public static void write(Transformer model, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        List<Safetensors.Tensor> tensors = new ArrayList<>();
        try (NDScope scope = new NDScope()) {
            model.parameters().forEach((name, p) -> tensors.add(new Safetensors.Tensor(name, p.getShape().getShape(),
                    p.toType(DataType.FLOAT32, false).toFloatArray())));
        }
        Safetensors.write(dir.resolve(WEIGHTS), tensors, Map.of("format", "pt"));
        writeJson(dir.resolve(CONFIG), config(model.config()));
    }

    /** Reads a checkpoint {@link #write} wrote (any encoding) into a model of {@code dtype}. */
    public static Transformer read(Path dir, DataType dtype) {
        TransformerConfig c = config(dir.resolve(CONFIG));
        Map<String, double[]> values = new LinkedHashMap<>();
        for (Safetensors.Tensor t : Safetensors.read(dir.resolve(WEIGHTS))) {
            double[] v = new double[t.data().length];
            for (int i = 0; i < v.length; i++) {
                v[i] = t.data()[i];
            }
            values.put(t.name(), v);
        }
        try {
            return Transformer.of(c, dtype, values);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(dir.resolve(WEIGHTS) + ": " + e.getMessage(), e);
        }
    }

    /** The config.json object of {@code c}. */
    public static JsonObject config(TransformerConfig c) {
        JsonObject o = new JsonObject();
        JsonArray architectures = new JsonArray();
        architectures.add("LlamaForCausalLM");
        o.add("architectures", architectures);
        o.addProperty("model_type", "llama");
        o.addProperty("vocab_size", c.vocabSize());
        o.addProperty("hidden_size", c.hiddenSize());
        o.addProperty("intermediate_size", c.intermediateSize());
        o.addProperty("num_hidden_layers", c.layers());
        o.addProperty("num_attention_heads", c.heads());
        o.addProperty("num_key_value_heads", c.heads());
        o.addProperty("head_dim", c.headDim());
        o.addProperty("max_position_embeddings", c.context());
        o.addProperty("rope_theta", c.ropeTheta());
        o.addProperty("rms_norm_eps", c.rmsNormEps());
        o.addProperty("tie_word_embeddings", c.tiedEmbeddings());
        o.addProperty("attention_bias", false);
        o.addProperty("hidden_act", "silu");
        o.addProperty("torch_dtype", "float32");
        o.add(HfConfig.POSITION_ENCODING, c.positions().toJson());
        return o;
    }

    /** The model shape a checkpoint's config.json states. */
    public static TransformerConfig config(Path file) {
        JsonObject o;
        try {
            o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": not a JSON object: " + e.getMessage(), e);
        }
        try {
            JsonElement p = o.get(HfConfig.POSITION_ENCODING);
            PositionEncoding positions = p == null || p.isJsonNull()
                    ? new Rotary(o.has("rope_theta") ? o.get("rope_theta").getAsDouble() : 10000)
                    : PositionEncoding.fromJson(p.getAsJsonObject());
            int heads = o.get("num_attention_heads").getAsInt();
            if (o.has("num_key_value_heads") && o.get("num_key_value_heads").getAsInt() != heads) {
                throw new IllegalArgumentException("the trainer keeps one key/value head per query head; this model "
                        + "has " + o.get("num_key_value_heads").getAsInt() + " for " + heads);
            }
            return new TransformerConfig(o.get("vocab_size").getAsInt(), o.get("hidden_size").getAsInt(),
                    o.get("num_hidden_layers").getAsInt(), heads, o.get("intermediate_size").getAsInt(),
                    o.get("max_position_embeddings").getAsInt(), positions,
                    o.has("tie_word_embeddings") && o.get("tie_word_embeddings").getAsBoolean(),
                    o.has("rms_norm_eps") ? o.get("rms_norm_eps").getAsDouble() : 1e-6);
        } catch (NullPointerException | IllegalStateException | UnsupportedOperationException e) {
            throw new IllegalArgumentException(file + ": a field the trainer needs is missing or malformed ("
                    + e.getMessage() + ")", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    static void writeJson(Path file, JsonObject o) {
        try {
            Files.writeString(file, new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
