package org.lmlab.training.position;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.lmlab.model.extrapolation.Positions;

/**
 * How a trained transformer sees token positions. Each encoding turns one forward pass's length
 * into {@link PositionTerms}: a vector added to the token embeddings (learned absolute,
 * sinusoidal), a rotation of queries and keys (RoPE), an additive attention bias (ALiBi, T5), or
 * nothing (NoPE). Learned encodings name their tensors with {@link #parameters}.
 */
public sealed interface PositionEncoding
        permits NoPositions, LearnedAbsolute, Sinusoidal, T5Bias, AlibiBias, Rotary {

    /** The names {@link #parse} accepts, as {@code %train --encoding} lists them. */
    List<String> NAMES = List.of("nope", "absolute", "sinusoidal", "t5", "alibi", "rope");

    /** The short name ({@code rope}, {@code t5}, ...). */
    String name();

    /** Learned tensors this encoding adds to the model: checkpoint name → shape. */
    default Map<String, long[]> parameters(int hiddenSize, int heads, int context) {
        return Map.of();
    }

    /** The terms of one forward pass. */
    PositionTerms terms(PositionPass pass);

    /** The config.json object ({@code lmlab_position_encoding}) that states this encoding. */
    JsonObject toJson();

    /**
     * The inference engine's form of this encoding when it can run it (RoPE, NoPE, ALiBi), so that
     * {@code %model load} reads a checkpoint back; empty for the trainer-only encodings.
     */
    default Optional<Positions> inference() {
        return Optional.empty();
    }

    /**
     * The encoding called {@code name} with its usual defaults (RoPE θ 10000, T5 32 buckets up to
     * distance 128, ALiBi as in the paper, absolute positions as many as the context).
     *
     * @throws IllegalArgumentException naming the known encodings
     */
    static PositionEncoding parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "nope":
                return new NoPositions();
            case "absolute":
                return new LearnedAbsolute(0);
            case "sinusoidal":
                return Sinusoidal.vaswani();
            case "t5":
                return T5Bias.t5();
            case "alibi":
                return AlibiBias.paper();
            case "rope":
                return Rotary.standard();
            default:
                throw new IllegalArgumentException("unknown position encoding '" + name + "'; known: "
                        + String.join(", ", NAMES));
        }
    }

    /** The encoding a config.json object states (the inverse of {@link #toJson}). */
    static PositionEncoding fromJson(JsonObject o) {
        String type = o.has("type") ? o.get("type").getAsString() : "";
        switch (type) {
            case "absolute":
                return new LearnedAbsolute(o.get("max_positions").getAsInt());
            case "sinusoidal":
                return new Sinusoidal(o.get("base").getAsDouble());
            case "t5":
                return new T5Bias(o.get("num_buckets").getAsInt(), o.get("max_distance").getAsInt());
            case "alibi":
                return new AlibiBias(o.get("max_bias").getAsDouble());
            case "rope":
                return new Rotary(o.get("rope_theta").getAsDouble());
            default:
                return parse(type);
        }
    }
}
