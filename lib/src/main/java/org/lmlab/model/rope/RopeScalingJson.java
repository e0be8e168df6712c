package org.lmlab.model.rope;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Reads the RoPE object of a Hugging Face config.json ({@code rope_scaling}, or v5's
 * {@code rope_parameters}), e.g. {@code {"rope_type":"yarn","factor":4,"original_max_position_embeddings":2048}}.
 * The older key {@code type} names the variant too. A JSON {@code null} reads as an absent key,
 * as {@code dict.get} does in transformers, except that YaRN's {@code truncate: null} disables
 * truncation (transformers tests its truthiness). Errors name the key and what was expected.
 *
 * <p>Besides transformers' types, two lmlab types: {@code ntk} (static NTK-aware base change) and
 * {@code giraffe} (Giraffe's truncated basis, {@link RopeScaling.GiraffeTruncation}): either
 * {@code {"rope_type":"giraffe","truncate":1000}} (the abacusai/Long-Context parametrisation:
 * b = 2π/truncate, a = b/8, rho = b/16) or explicit {@code b}, {@code a}, {@code rho}, each overriding
 * what {@code truncate} derives; optional {@code factor} (>= 1) divides the frequencies first. YaRN's
 * {@code finetuned} flag (Yarn-Llama-2 configs) is accepted and ignored, as transformers ignores it.
 */
public final class RopeScalingJson {

    private static final Set<String> COMMON = Set.of("rope_type", "type", "rope_theta", "partial_rotary_factor");

    /** Keys each rope_type accepts besides the common ones. */
    private static final Map<String, List<String>> KEYS = Map.of(
            "default", List.of(),
            "linear", List.of("factor"),
            "dynamic", List.of("factor"),
            "ntk", List.of("factor"),
            "yarn", List.of("factor", "original_max_position_embeddings", "attention_factor", "beta_fast",
                    "beta_slow", "mscale", "mscale_all_dim", "truncate", "finetuned"),
            "llama3", List.of("factor", "low_freq_factor", "high_freq_factor", "original_max_position_embeddings"),
            "longrope", List.of("short_factor", "long_factor", "factor", "original_max_position_embeddings",
                    "attention_factor"),
            "giraffe", List.of("truncate", "factor", "b", "a", "rho"));

    private static final List<String> TYPES = List.of("default", "linear", "dynamic", "ntk", "yarn", "llama3", "longrope",
            "giraffe");

    private RopeScalingJson() {
    }

    /** The {@code rope_type} names this parser accepts, in a fixed order. */
    public static List<String> types() {
        return TYPES;
    }

    /**
     * The keys {@code type} accepts besides {@code rope_type}, {@code type}, {@code rope_theta} and
     * {@code partial_rotary_factor}, in a fixed order.
     *
     * @throws IllegalArgumentException for an unknown type, listing the known ones
     */
    public static List<String> keys(String type) {
        List<String> keys = KEYS.get(type);
        if (keys == null) {
            throw new IllegalArgumentException("unknown rope_type \"" + type + "\"; expected one of "
                    + String.join(", ", TYPES));
        }
        return keys;
    }

    /** Parses {@code json}, an object as in config.json. */
    public static RopeConfig parse(String json) {
        JsonElement element;
        try {
            element = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("RoPE scaling is not valid JSON: " + e.getMessage(), e);
        }
        if (!element.isJsonObject()) {
            throw new IllegalArgumentException("RoPE scaling must be a JSON object such as "
                    + "{\"rope_type\":\"yarn\",\"factor\":4,\"original_max_position_embeddings\":2048}, got " + json);
        }
        return parse(element.getAsJsonObject());
    }

    public static RopeConfig parse(JsonObject o) {
        String type = type(o);
        checkKeys(o, type);
        RopeScaling scaling = switch (type) {
            case "default" -> new RopeScaling.Default();
            case "linear" -> new RopeScaling.Linear(factor(o, type));
            case "dynamic" -> new RopeScaling.DynamicNtk(factor(o, type));
            case "ntk" -> new RopeScaling.StaticNtk(factor(o, type));
            case "yarn" -> new RopeScaling.Yarn(factor(o, type), context(o), optional(o, "beta_fast").orElse(0),
                    optional(o, "beta_slow").orElse(0), optional(o, "attention_factor"),
                    optional(o, "mscale").orElse(0), optional(o, "mscale_all_dim").orElse(0), truncate(o));
            case "llama3" -> new RopeScaling.Llama3(factor(o, type), required(o, "low_freq_factor", type),
                    required(o, "high_freq_factor", type), context(o));
            case "longrope" -> new RopeScaling.LongRope(list(o, "short_factor", type), list(o, "long_factor", type),
                    optional(o, "factor"), context(o), optional(o, "attention_factor"));
            case "giraffe" -> giraffe(o);
            default -> throw new IllegalStateException(type);
        };
        return new RopeConfig(scaling, optional(o, "rope_theta"), optional(o, "partial_rotary_factor"));
    }

    private static RopeScaling giraffe(JsonObject o) {
        double factor = optional(o, "factor").orElse(1);
        OptionalDouble truncate = optional(o, "truncate");
        if (truncate.isEmpty()) {
            for (String key : List.of("b", "a", "rho")) {
                if (optional(o, key).isEmpty()) {
                    throw new IllegalArgumentException("rope_type \"giraffe\" needs key \"truncate\" (a wavelength in"
                            + " positions) or all of \"b\", \"a\", \"rho\"; \"" + key + "\" is missing");
                }
            }
            return new RopeScaling.GiraffeTruncation(factor, required(o, "b", "giraffe"), required(o, "a", "giraffe"),
                    required(o, "rho", "giraffe"));
        }
        double t = truncate.getAsDouble();
        if (t != Math.rint(t) || t < 1 || t > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("giraffe truncate must be a whole number > 0 (a wavelength in positions),"
                    + " got " + o.get("truncate"));
        }
        RopeScaling.GiraffeTruncation derived = RopeScaling.GiraffeTruncation.of((int) t, factor);
        return new RopeScaling.GiraffeTruncation(factor, optional(o, "b").orElse(derived.b()),
                optional(o, "a").orElse(derived.a()), optional(o, "rho").orElse(derived.rho()));
    }

    private static String type(JsonObject o) {
        String ropeType = string(o, "rope_type");
        String legacy = string(o, "type");
        if (ropeType != null && legacy != null && !ropeType.equals(legacy)) {
            throw new IllegalArgumentException("rope_type \"" + ropeType + "\" and type \"" + legacy
                    + "\" disagree; give one of them");
        }
        String type = ropeType != null ? ropeType : legacy != null ? legacy : "default";
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown rope_type \"" + type + "\"; expected one of "
                    + String.join(", ", TYPES));
        }
        return type;
    }

    private static void checkKeys(JsonObject o, String type) {
        Set<String> allowed = new LinkedHashSet<>(KEYS.get(type));
        for (String key : o.keySet()) {
            if (!COMMON.contains(key) && !allowed.contains(key)) {
                throw new IllegalArgumentException("unknown key \"" + key + "\" for rope_type \"" + type
                        + "\"; allowed: " + String.join(", ", allowed) + (allowed.isEmpty() ? "" : ", ")
                        + "rope_theta, partial_rotary_factor");
            }
        }
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!(e.isJsonPrimitive() && e.getAsJsonPrimitive().isString())) {
            throw new IllegalArgumentException(key + " must be a string, got " + e);
        }
        return e.getAsString();
    }

    private static double factor(JsonObject o, String type) {
        return required(o, "factor", type);
    }

    private static double required(JsonObject o, String key, String type) {
        OptionalDouble value = optional(o, key);
        if (value.isEmpty()) {
            throw new IllegalArgumentException("rope_type \"" + type + "\" needs key \"" + key + "\" (a number)");
        }
        return value.getAsDouble();
    }

    private static OptionalDouble optional(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(number(e, key));
    }

    private static double number(JsonElement e, String key) {
        if (!(e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber())) {
            throw new IllegalArgumentException(key + " must be a number, got " + e);
        }
        return e.getAsDouble();
    }

    /** original_max_position_embeddings; 0 when absent (then the model's context, as transformers defaults it). */
    private static int context(JsonObject o) {
        OptionalDouble value = optional(o, "original_max_position_embeddings");
        if (value.isEmpty()) {
            return 0;
        }
        double v = value.getAsDouble();
        if (!(v >= 1) || v != Math.rint(v) || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("original_max_position_embeddings must be a whole number > 0, got "
                    + o.get("original_max_position_embeddings"));
        }
        return (int) v;
    }

    private static boolean truncate(JsonObject o) {
        if (!o.has("truncate")) {
            return true;
        }
        JsonElement e = o.get("truncate");
        if (e.isJsonNull()) {
            return false;
        }
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean()) {
            return e.getAsBoolean();
        }
        throw new IllegalArgumentException("truncate must be true or false, got " + e);
    }

    private static double[] list(JsonObject o, String key, String type) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            throw new IllegalArgumentException("rope_type \"" + type + "\" needs key \"" + key
                    + "\" (a list of rotary_dim / 2 numbers)");
        }
        if (!e.isJsonArray()) {
            throw new IllegalArgumentException(key + " must be a list of numbers, got " + e);
        }
        JsonArray array = e.getAsJsonArray();
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            JsonElement item = array.get(i);
            if (!(item instanceof JsonPrimitive p && p.isNumber())) {
                throw new IllegalArgumentException(key + "[" + i + "] must be a number, got " + item);
            }
            values[i] = item.getAsDouble();
        }
        return values;
    }
}
