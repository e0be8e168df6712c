package org.lmlab.model.gguf;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.lmlab.model.rope.RopeGeometry;
import org.lmlab.model.rope.RopeScaling;

/**
 * The RoPE scaling a GGUF file carries, read as llama.cpp reads it ({@code src/llama-model.cpp}
 * {@code load_hparams}, {@code src/llama-context.cpp}; keys from gguf-py {@code constants.py}):
 *
 * <ul>
 *   <li>{@code {arch}.rope.scaling.type}: {@code none}, {@code linear} (llama.cpp's default when
 *       absent), {@code yarn} or {@code longrope};
 *   <li>{@code .rope.scaling.factor} (older files: {@code .rope.scale_linear}); absent or 0 means 1;
 *   <li>{@code .rope.scaling.original_context_length}; absent: {@code {arch}.context_length};
 *   <li>{@code .rope.scaling.attn_factor}: multiplies cos and sin for every type (1 when absent);
 *   <li>YaRN: {@code .rope.scaling.yarn_beta_fast} / {@code yarn_beta_slow} (32 / 1),
 *       {@code yarn_log_multiplier} (transformers' mscale_all_dim, with mscale 1, as llama.cpp assumes
 *       outside DeepSeek-2),
 *       {@code yarn_attn_factor} (the converter writes transformers' attention_factor there; lmlab
 *       uses it as such), {@code yarn_ext_factor} (only 1, the full ramp, is supported);
 *   <li>tensors: {@code rope_freqs.weight} (per-pair divisors of theta; Llama 3.1 GGUFs carry their
 *       llama3 scaling this way, with no scaling keys), {@code rope_factors_long.weight} /
 *       {@code rope_factors_short.weight} (LongRoPE; llama.cpp uses the long ones past the original
 *       context, as lmlab's seqLen does).
 * </ul>
 *
 * Combinations llama.cpp would compose but lmlab's variants do not (rope_freqs with a linear factor or
 * YaRN; an attn_factor on plain or linear RoPE) are refused by name rather than half-applied.
 *
 * @param scaling             the variant
 * @param partialRotaryFactor rope.dimension_count / head width (1 when the key is absent)
 */
record GgufRope(RopeScaling scaling, double partialRotaryFactor) {

    static final List<String> TYPES = List.of("none", "linear", "yarn", "longrope");
    static final String FREQS = "rope_freqs.weight";
    static final String LONG = "rope_factors_long.weight";
    static final String SHORT = "rope_factors_short.weight";

    static GgufRope read(GgufFile f, String arch, int headDim, int contextLength) {
        String p = arch + ".rope.";
        int rotary = f.optionalInteger(p + "dimension_count").map(Math::toIntExact).orElse(headDim);
        double prf = (double) rotary / headDim;
        if (rotary > headDim || (int) (headDim * prf) != rotary) {
            throw new GgufException(f.path() + ": " + p + "dimension_count = " + rotary
                    + " does not fit the head width " + headDim);
        }
        String typeKey = p + "scaling.type";
        String type = f.value(typeKey).isPresent() ? f.string(typeKey) : "linear";
        double factor = f.optionalReal(p + "scaling.factor").or(() -> f.optionalReal(p + "scale_linear"))
                .filter(v -> v != 0).orElse(1.0);
        double attention = f.optionalReal(p + "scaling.attn_factor").orElse(1.0);
        int orig = f.optionalInteger(p + "scaling.original_context_length").map(Math::toIntExact).orElse(0);
        int original = orig > 0 ? orig : contextLength;
        RopeGeometry geometry = new RopeGeometry(headDim, f.optionalReal(p + "freq_base").orElse(10000.0), prf,
                contextLength);
        RopeScaling scaling;
        try {
            scaling = switch (type) {
                case "none", "linear" -> plainOrLinear(f, p, type.equals("none") ? 1.0 : factor, attention, geometry);
                case "yarn" -> yarn(f, p, factor, original, attention);
                case "longrope" -> new RopeScaling.LongRope(factors(f, SHORT, geometry), factors(f, LONG, geometry),
                        OptionalDouble.empty(), original, OptionalDouble.of(attention));
                default -> throw new GgufException(f.path() + ": metadata " + typeKey + " = \"" + type
                        + "\" is not a RoPE scaling type lmlab knows; expected one of " + String.join(", ", TYPES));
            };
            if (!type.equals("none") && !type.equals("linear")) {
                requireNoFrequencyTensor(f, typeKey, type);
            }
            scaling.frequencies(geometry); // lengths and parameters checked on load
        } catch (IllegalArgumentException e) {
            throw new GgufException(f.path() + ": RoPE scaling (" + type + "): " + e.getMessage(), e);
        }
        return new GgufRope(scaling, prf);
    }

    private static RopeScaling plainOrLinear(GgufFile f, String p, double factor, double attention,
            RopeGeometry geometry) {
        Optional<GgufTensor> freqs = f.findTensor(FREQS);
        if (freqs.isPresent()) {
            if (factor != 1) {
                throw new IllegalArgumentException(FREQS + " together with a linear factor " + factor + " ("
                        + p + "scaling.factor) is not supported (llama.cpp would apply both)");
            }
            return new RopeScaling.FrequencyFactors(perPair(values(f, freqs.get()), FREQS, geometry), attention);
        }
        if (attention != 1) {
            throw new IllegalArgumentException(p + "scaling.attn_factor = " + attention
                    + " on plain or linear RoPE is not supported");
        }
        return factor == 1 ? new RopeScaling.Default() : new RopeScaling.Linear(factor);
    }

    private static RopeScaling yarn(GgufFile f, String p, double factor, int original, double attention) {
        OptionalDouble ext = optional(f, p + "scaling.yarn_ext_factor");
        if (ext.isPresent() && ext.getAsDouble() != 1) {
            throw new IllegalArgumentException(p + "scaling.yarn_ext_factor = " + ext.getAsDouble()
                    + " is not supported; lmlab's YaRN applies the full ramp (1)");
        }
        double logMul = optional(f, p + "scaling.yarn_log_multiplier").orElse(0);
        OptionalDouble explicit = optional(f, p + "scaling.yarn_attn_factor");
        RopeScaling.Yarn base = new RopeScaling.Yarn(factor, original,
                optional(f, p + "scaling.yarn_beta_fast").orElse(0), optional(f, p + "scaling.yarn_beta_slow").orElse(0),
                explicit, logMul != 0 ? 1 : 0, logMul, true);
        if (attention == 1) {
            return base;
        }
        return new RopeScaling.Yarn(base.factor(), original, base.betaFast(), base.betaSlow(),
                OptionalDouble.of(base.effectiveAttentionFactor() * attention), base.mscale(), base.mscaleAllDim(), true);
    }

    private static void requireNoFrequencyTensor(GgufFile f, String typeKey, String type) {
        if (f.findTensor(FREQS).isPresent()) {
            throw new IllegalArgumentException(FREQS + " together with " + typeKey + " = \"" + type
                    + "\" is not supported (llama.cpp would divide theta by it before scaling)");
        }
    }

    private static double[] factors(GgufFile f, String name, RopeGeometry geometry) {
        GgufTensor t = f.findTensor(name).orElseThrow(() -> new IllegalArgumentException(
                "LongRoPE needs the tensors " + SHORT + " and " + LONG + "; " + name + " is missing"));
        return perPair(values(f, t), name, geometry);
    }

    private static double[] perPair(double[] values, String name, RopeGeometry geometry) {
        if (values.length != geometry.pairs()) {
            throw new IllegalArgumentException("tensor " + name + " has " + values.length
                    + " values; one per rotary pair expected, rotary_dim / 2 = " + geometry.pairs());
        }
        return values;
    }

    private static double[] values(GgufFile f, GgufTensor t) {
        if (t.dims().length != 1) {
            throw new IllegalArgumentException("tensor " + t.name() + " must be one-dimensional, got " + t);
        }
        float[] raw = f.dequantize(t);
        double[] out = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = raw[i];
        }
        return out;
    }

    private static OptionalDouble optional(GgufFile f, String key) {
        Optional<Double> v = f.optionalReal(key);
        return v.isPresent() ? OptionalDouble.of(v.get()) : OptionalDouble.empty();
    }
}
