package org.lmlab.model.safetensors;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.Set;
import org.lmlab.model.extrapolation.Positions;

/**
 * The position encoding of a model lmlab's trainer wrote, from config.json's
 * {@code lmlab_position_encoding} object ({@code {"type":"nope"}}, {@code {"type":"alibi",
 * "max_bias":8}}); absent means RoPE, as for every published LLaMA-family checkpoint. Encodings the
 * inference engine cannot run (learned absolute, sinusoidal, T5 bias) are refused by name.
 */
final class HfPositions {

    /** Trained encodings that only the trainer runs. */
    private static final Set<String> TRAINER_ONLY = Set.of("absolute", "sinusoidal", "t5");

    private HfPositions() {}

    static Positions read(Path file, JsonObject config) {
        JsonElement e = config.get(HfConfig.POSITION_ENCODING);
        if (e == null || e.isJsonNull()) {
            return new Positions.Rope(null);
        }
        String where = file + ": \"" + HfConfig.POSITION_ENCODING + "\"";
        if (!e.isJsonObject() || !e.getAsJsonObject().has("type")) {
            throw new IllegalArgumentException(where + " must be an object with a \"type\", e.g. {\"type\":\"nope\"}; got " + e);
        }
        JsonObject o = e.getAsJsonObject();
        String type = o.get("type").getAsString();
        switch (type) {
            case "rope":
                return new Positions.Rope(null);
            case "nope":
                return new Positions.NoPE();
            case "alibi":
                return o.has("max_bias") ? new Positions.Alibi(o.get("max_bias").getAsDouble()) : Positions.Alibi.paper();
            default:
                if (TRAINER_ONLY.contains(type)) {
                    throw new IllegalArgumentException(where + " is \"" + type + "\": the model was trained with "
                            + type + " positions, which the inference engine does not run (it runs rope, nope and alibi)."
                            + " Evaluate it with the trainer: org.lmlab.training.checkpoint.Checkpoint.read(dir)");
                }
                throw new IllegalArgumentException(where + ": unknown type \"" + type
                        + "\"; known: rope, nope, alibi (and the trainer's absolute, sinusoidal, t5)");
        }
    }
}
