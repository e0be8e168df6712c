package org.lmlab.magics.extrapolate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.model.rope.RopeGeometry;
import picocli.CommandLine.Option;

/**
 * The head a RoPE method applies to (mix in with {@code @Mixin}): each option defaults to the
 * loaded model's value, else to a fallback the subcommand names, else it is required.
 */
final class GeometryOptions {

    @Option(names = "--head-dim", paramLabel = "N", description = "head_dim: width of one attention head (default: "
            + "the loaded model's).")
    Integer headDim;

    @Option(names = "--base", paramLabel = "THETA", description = "rope_theta, the RoPE base (default: the loaded "
            + "model's).")
    Double base;

    @Option(names = "--partial-rotary-factor", paramLabel = "P", description = "partial_rotary_factor: the share of "
            + "each head that rotates (default: 1).")
    Double partialRotaryFactor;

    /**
     * The geometry, and a line naming what came from the loaded model (null when nothing did).
     */
    record Resolved(RopeGeometry geometry, String fromModel) {
    }

    /** Values used when neither an option nor a loaded model gives them; null fields are required. */
    record Fallback(Integer headDim, Double base, int maxPositionEmbeddings) {
        static final Fallback NONE = new Fallback(null, null, 0);
    }

    /**
     * Resolves the options against the loaded model, then {@code fallback}.
     *
     * @param maxPositionEmbeddings the subcommand's context option, null when not given
     * @param baseHint              a rope_theta the scaling object carries (it overrides the base anyway)
     */
    Resolved resolve(Optional<LoadedRope> model, Integer maxPositionEmbeddings, OptionalDouble baseHint,
            Fallback fallback, String usage) throws MagicUsageException {
        List<String> fromModel = new ArrayList<>();
        Integer d = headDim;
        Double b = base;
        int context = maxPositionEmbeddings != null ? maxPositionEmbeddings : 0;
        if (model.isPresent()) {
            RopeGeometry m = model.get().geometry();
            if (d == null) {
                d = m.headDim();
                fromModel.add("head_dim " + d);
            }
            if (b == null && baseHint.isEmpty()) {
                b = m.base();
                fromModel.add("base " + number(b));
            }
            if (maxPositionEmbeddings == null) {
                context = m.maxPositionEmbeddings();
                fromModel.add("max_position_embeddings " + context);
            }
        } else if (maxPositionEmbeddings == null) {
            context = fallback.maxPositionEmbeddings();
        }
        if (b == null && baseHint.isPresent()) {
            b = baseHint.getAsDouble();
        }
        d = d != null ? d : fallback.headDim();
        b = b != null ? b : fallback.base();
        if (d == null || b == null) {
            String missing = d == null && b == null ? "--head-dim and --base are" : d == null ? "--head-dim is" : "--base is";
            throw new MagicUsageException("no model is loaded, so " + missing + " needed (e.g. --head-dim 64 --base 10000); "
                    + "or load a model first (%model load NAME) and its values are used", usage);
        }
        try {
            RopeGeometry geometry = new RopeGeometry(d, b, partialRotaryFactor != null ? partialRotaryFactor : 1.0, context);
            return new Resolved(geometry, fromModel.isEmpty() ? null
                    : String.join(", ", fromModel) + " from the loaded model " + model.get().model());
        } catch (IllegalArgumentException e) {
            throw new MagicUsageException(e.getMessage(), usage);
        }
    }

    /** 10000 rather than 10000.0. */
    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%s", value);
    }
}
