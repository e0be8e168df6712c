package org.lmlab.magics.extrapolate;

import com.google.gson.JsonElement;
import java.util.Iterator;
import java.util.Map;
import org.lmlab.magics.MagicUsageException;
import org.lmlab.model.rope.RopeConfig;
import org.lmlab.model.rope.RopeScalingJson;
import picocli.CommandLine.Option;

/**
 * Which scaling: {@code --method NAME} with {@link MethodOptions}, or the {@code rope_scaling}
 * object of a config.json as {@code --rope-scaling JSON} (mix in with {@code @Mixin}). Neither
 * means plain RoPE.
 */
final class ScalingOptions {

    @Option(names = "--method", paramLabel = "METHOD", completionCandidates = MethodNames.class,
            description = "Scaling method: ${COMPLETION-CANDIDATES} (default: default, plain RoPE); its parameters are "
                    + "the options below.")
    String method;

    @Option(names = "--rope-scaling", paramLabel = "JSON", description = "The rope_scaling (or rope_parameters) object "
            + "of a config.json, quoted, instead of --method and its options; its rope_theta and "
            + "partial_rotary_factor, if any, override --base and --partial-rotary-factor.")
    String ropeScaling;

    /** The scaling the options describe; a usage error for a contradiction, an unknown name or a bad value. */
    RopeConfig resolve(MethodOptions parameters, String usage) throws MagicUsageException {
        Map<String, JsonElement> given = parameters.given();
        if (ropeScaling != null) {
            if (method != null || !given.isEmpty()) {
                throw new MagicUsageException("--rope-scaling is the whole config.json object; give either it or "
                        + "--method with its options, not both (got " + (method != null ? "--method" : "")
                        + (method != null && !given.isEmpty() ? ", " : "") + String.join(", ", given.keySet()) + ")",
                        usage);
            }
            try {
                return RopeScalingJson.parse(ropeScaling);
            } catch (IllegalArgumentException e) {
                throw new MagicUsageException("--rope-scaling: " + e.getMessage(), usage);
            }
        }
        if (method == null && !given.isEmpty()) {
            throw new MagicUsageException(String.join(", ", given.keySet()) + " set" + (given.size() == 1 ? "s" : "")
                    + " a parameter of a scaling method; name it with --method (one of "
                    + String.join(", ", Methods.names()) + ")", usage);
        }
        return RopeConfig.of(Methods.build(method == null ? "default" : method, given, usage));
    }

    /** The method names, for help and Tab completion. */
    static final class MethodNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Methods.names().iterator();
        }
    }
}
