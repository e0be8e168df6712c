package org.lmlab.magics.extrapolate;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The parameters of the scaling methods, one option per config.json key (mix in with
 * {@code @Mixin}). Unset options are absent, so the method's own defaults apply.
 */
final class MethodOptions {

    @Option(names = "--factor", paramLabel = "F", description = "factor: context extension (linear, dynamic, ntk, "
            + "yarn, llama3: required; longrope: optional, default max_position_embeddings / original).")
    Double factor;

    @Option(names = "--original", paramLabel = "N", description = "original_max_position_embeddings: the context the "
            + "model was trained with (yarn, llama3, longrope; default: max_position_embeddings).")
    Integer original;

    @Option(names = "--beta-fast", paramLabel = "B", description = "beta_fast (yarn; default 32): rotations over the "
            + "original context above which a pair keeps its frequency.")
    Double betaFast;

    @Option(names = "--beta-slow", paramLabel = "B", description = "beta_slow (yarn; default 1): rotations below which "
            + "a pair is fully interpolated.")
    Double betaSlow;

    @Option(names = "--mscale", paramLabel = "M", description = "mscale (yarn; default: none).")
    Double mscale;

    @Option(names = "--mscale-all-dim", paramLabel = "M", description = "mscale_all_dim (yarn; default: none).")
    Double mscaleAllDim;

    @Option(names = "--no-truncate", description = "truncate: false (yarn): keep the correction range's fractional "
            + "ends (default: floor/ceil them).")
    boolean noTruncate;

    @Option(names = "--attention-factor", paramLabel = "A", description = "attention_factor (yarn, longrope; default: "
            + "from the factor).")
    Double attentionFactor;

    @Option(names = "--low-freq-factor", paramLabel = "L", description = "low_freq_factor (llama3; default 1, as Llama "
            + "3.1's config.json).")
    Double lowFreqFactor;

    @Option(names = "--high-freq-factor", paramLabel = "H", description = "high_freq_factor (llama3; default 4, as "
            + "Llama 3.1's config.json).")
    Double highFreqFactor;

    @Option(names = "--short-factor", paramLabel = "X,X,...", split = ",", hideParamSyntax = true, description = "short_factor (longrope, "
            + "required): rotary_dim / 2 numbers, used up to the original context.")
    List<Double> shortFactor;

    @Option(names = "--long-factor", paramLabel = "X,X,...", split = ",", hideParamSyntax = true, description = "long_factor (longrope, "
            + "required): rotary_dim / 2 numbers, used when --seq-len exceeds the original context.")
    List<Double> longFactor;

    /** The options given, by name, as the config.json values they stand for; in help order. */
    Map<String, JsonElement> given() {
        Map<String, JsonElement> given = new LinkedHashMap<>();
        put(given, "--factor", factor);
        put(given, "--original", original);
        put(given, "--beta-fast", betaFast);
        put(given, "--beta-slow", betaSlow);
        put(given, "--mscale", mscale);
        put(given, "--mscale-all-dim", mscaleAllDim);
        if (noTruncate) {
            given.put("--no-truncate", new JsonPrimitive(false));
        }
        put(given, "--attention-factor", attentionFactor);
        put(given, "--low-freq-factor", lowFreqFactor);
        put(given, "--high-freq-factor", highFreqFactor);
        list(given, "--short-factor", shortFactor);
        list(given, "--long-factor", longFactor);
        return given;
    }

    private static void put(Map<String, JsonElement> given, String option, Number value) {
        if (value != null) {
            given.put(option, new JsonPrimitive(value));
        }
    }

    private static void list(Map<String, JsonElement> given, String option, List<Double> values) {
        if (values != null) {
            JsonArray array = new JsonArray();
            values.forEach(array::add);
            given.put(option, array);
        }
    }
}
