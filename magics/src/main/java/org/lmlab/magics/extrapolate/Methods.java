package org.lmlab.magics.extrapolate;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.model.rope.RopeScaling;
import org.lmlab.model.rope.RopeScalingJson;

/**
 * The scaling methods as {@code %extrapolate} spells them: a method name (a config.json
 * {@code rope_type}) with options that stand for its keys. A method with options is turned into
 * the config.json object it abbreviates and read by {@link RopeScalingJson}, so the shorthand and
 * the {@code --rope-scaling} form share one set of defaults and checks.
 */
final class Methods {

    /** Option name to the config.json key it sets, in help order. */
    static final Map<String, String> KEYS = keys();

    /**
     * Defaults the shorthand adds that config.json must state: Llama 3's band, as every Llama
     * 3.1/3.2/3.3 config.json sets it (transformers has no default for these keys).
     */
    static final Map<String, Double> LLAMA3_BAND = Map.of("low_freq_factor", 1.0, "high_freq_factor", 4.0);

    private Methods() {
    }

    private static Map<String, String> keys() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("--factor", "factor");
        keys.put("--original", "original_max_position_embeddings");
        keys.put("--beta-fast", "beta_fast");
        keys.put("--beta-slow", "beta_slow");
        keys.put("--mscale", "mscale");
        keys.put("--mscale-all-dim", "mscale_all_dim");
        keys.put("--no-truncate", "truncate");
        keys.put("--attention-factor", "attention_factor");
        keys.put("--low-freq-factor", "low_freq_factor");
        keys.put("--high-freq-factor", "high_freq_factor");
        keys.put("--short-factor", "short_factor");
        keys.put("--long-factor", "long_factor");
        return Collections.unmodifiableMap(keys);
    }

    /** The method names (config.json rope_type values). */
    static List<String> names() {
        return RopeScalingJson.types();
    }

    /** The options {@code method} takes, in help order. */
    static List<String> options(String method) {
        if (method.equals("giraffe")) {
            return List.of("--factor"); // its "truncate" is a wavelength, not the YaRN flag: JSON form only
        }
        List<String> accepted = RopeScalingJson.keys(method);
        List<String> options = new ArrayList<>();
        KEYS.forEach((option, key) -> {
            if (accepted.contains(key)) {
                options.add(option);
            }
        });
        return options;
    }

    /** The options {@code method} cannot do without. */
    static List<String> required(String method) {
        return switch (method) {
            case "default", "giraffe" -> List.of(); // giraffe's keys come with --rope-scaling JSON
            case "longrope" -> List.of("--short-factor", "--long-factor");
            default -> List.of("--factor");
        };
    }

    /** Refuses a name that is no method, listing the methods. */
    static void requireKnown(String method, String usage) throws MagicUsageException {
        if (!names().contains(method)) {
            throw new MagicUsageException("unknown method '" + method + "'; one of " + String.join(", ", names()), usage);
        }
    }

    /**
     * The variant {@code method} with {@code given} options (option name to value).
     *
     * @throws MagicUsageException naming the option that does not apply, is missing, or has a bad value
     */
    static RopeScaling build(String method, Map<String, JsonElement> given, String usage) throws MagicUsageException {
        requireKnown(method, usage);
        List<String> accepted = options(method);
        for (String option : given.keySet()) {
            if (!accepted.contains(option)) {
                throw new MagicUsageException(option + " does not apply to method " + method + "; "
                        + (accepted.isEmpty() ? method + " takes no options" : "its options: " + String.join(", ", accepted)),
                        usage);
            }
        }
        for (String option : required(method)) {
            if (!given.containsKey(option)) {
                throw new MagicUsageException("method " + method + " needs " + option, usage);
            }
        }
        JsonObject config = new JsonObject();
        config.addProperty("rope_type", method);
        given.forEach((option, value) -> config.add(KEYS.get(option), value));
        if (method.equals("llama3")) {
            LLAMA3_BAND.forEach((key, value) -> {
                if (!config.has(key)) {
                    config.add(key, new JsonPrimitive(value));
                }
            });
        }
        try {
            return RopeScalingJson.parse(config).scaling();
        } catch (IllegalArgumentException e) {
            throw new MagicUsageException(method + ": " + e.getMessage(), usage);
        }
    }

    /**
     * A method written {@code NAME} or {@code NAME:FACTOR} ({@code default}, {@code linear:4},
     * {@code yarn:4}); the other keys take their defaults.
     */
    static RopeScaling parseShort(String spec, String usage) throws MagicUsageException {
        String[] parts = spec.strip().split(":", -1);
        if (parts.length > 2 || parts[0].isEmpty()) {
            throw new MagicUsageException("'" + spec + "' is not METHOD or METHOD:FACTOR (e.g. yarn:4)", usage);
        }
        String method = parts[0];
        requireKnown(method, usage);
        if (method.equals("longrope")) {
            throw new MagicUsageException("longrope needs per-pair factor lists, which METHOD:FACTOR cannot give; "
                    + "see its frequencies with %extrapolate frequencies --method longrope --short-factor ... "
                    + "--long-factor ...", usage);
        }
        Map<String, JsonElement> given = new LinkedHashMap<>();
        if (parts.length == 2) {
            if (method.equals("default")) {
                throw new MagicUsageException("default RoPE takes no factor: write 'default', not '" + spec + "'", usage);
            }
            try {
                given.put("--factor", new JsonPrimitive(Double.parseDouble(parts[1])));
            } catch (NumberFormatException e) {
                throw new MagicUsageException("the factor in '" + spec + "' is not a number", usage);
            }
        } else if (!method.equals("default")) {
            throw new MagicUsageException(method + " needs a factor: write " + method + ":FACTOR, e.g. " + method + ":4",
                    usage);
        }
        return build(method, given, usage);
    }
}
