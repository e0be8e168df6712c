package org.lmlab.model.safetensors;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import org.lmlab.model.rope.RopeConfig;
import org.lmlab.model.rope.RopeGeometry;
import org.lmlab.model.rope.RopeScaling;
import org.lmlab.model.rope.RopeScalingJson;

/**
 * The RoPE a config.json declares: transformers v4's {@code rope_scaling} with top-level
 * {@code rope_theta} / {@code partial_rotary_factor}, or v5's {@code rope_parameters}, whose
 * {@code rope_theta} / {@code partial_rotary_factor} win over the top-level ones. Null, absent and
 * {@code {"rope_type":"default"}} all mean plain RoPE. Checked against the geometry on load, so a
 * LongRoPE list of the wrong length fails here and not at the first forward pass.
 *
 * @param scaling             the variant
 * @param theta               the base after overrides
 * @param partialRotaryFactor the rotary share after overrides
 */
record HfRope(RopeScaling scaling, double theta, double partialRotaryFactor) {

    static final String V4 = "rope_scaling";
    static final String V5 = "rope_parameters";

    static HfRope read(Path file, JsonObject o, int headDim, int maxPositionEmbeddings) {
        JsonElement v4 = present(o, V4);
        JsonElement v5 = present(o, V5);
        if (v4 != null && v5 != null && !v4.equals(v5)) {
            // transformers v5 turns rope_scaling into rope_parameters; two different objects are ambiguous
            throw new IllegalArgumentException(file + ": both \"" + V4 + "\" and \"" + V5
                    + "\" are set and differ; keep one of them");
        }
        String key = v5 != null ? V5 : V4;
        JsonElement element = v5 != null ? v5 : v4;
        double theta = number(file, o, "rope_theta", 10000.0);
        double prf = number(file, o, "partial_rotary_factor", 1.0);
        try {
            RopeGeometry geometry = new RopeGeometry(headDim, theta, prf, maxPositionEmbeddings);
            RopeConfig rope = element == null ? RopeConfig.of(new RopeScaling.Default()) : parse(element);
            geometry = rope.applyTo(geometry);
            rope.scaling().frequencies(geometry); // validates lengths and required context now
            return new HfRope(rope.scaling(), geometry.base(), geometry.partialRotaryFactor());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": \"" + (element == null ? "rope_theta\" / \"partial_rotary_factor" : key) + "\": "
                    + e.getMessage(), e);
        }
    }

    private static RopeConfig parse(JsonElement element) {
        if (!element.isJsonObject()) {
            throw new IllegalArgumentException("expected an object such as {\"rope_type\":\"linear\",\"factor\":2}"
                    + " or null, got " + element);
        }
        JsonObject object = element.getAsJsonObject();
        if (object.has("full_attention") || object.has("sliding_attention")) {
            throw new IllegalArgumentException("per-layer-type RoPE parameters (full_attention / sliding_attention)"
                    + " are not supported; LLaMA-family checkpoints carry one object");
        }
        return RopeScalingJson.parse(object);
    }

    private static JsonElement present(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e;
    }

    private static double number(Path file, JsonObject o, String key, double absent) {
        JsonElement e = present(o, key);
        if (e == null) {
            return absent;
        }
        if (!(e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber())) {
            throw new IllegalArgumentException(file + ": field \"" + key + "\" is not a number: " + e);
        }
        return e.getAsDouble();
    }
}
