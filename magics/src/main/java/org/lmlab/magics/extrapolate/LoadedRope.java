package org.lmlab.magics.extrapolate;

import java.util.Optional;
import java.util.function.Supplier;
import org.lmlab.magics.model.ModelSlot;
import org.lmlab.model.LlamaConfig;
import org.lmlab.model.rope.RopeGeometry;

/**
 * The RoPE facts of the session's loaded model, which {@code %extrapolate} options default to.
 *
 * @param model    the model's name, for messages
 * @param geometry its head size, base (rope_theta), whole-head rotation and trained context
 */
public record LoadedRope(String model, RopeGeometry geometry) {

    /** The loaded model's facts, read when asked (so a model loaded later is seen). */
    public static Supplier<Optional<LoadedRope>> of(ModelSlot slot) {
        return () -> slot.loaded().flatMap(m -> of(m.name(), m.config()));
    }

    /** The facts of {@code config}; none when it has no usable RoPE (then the options are required). */
    static Optional<LoadedRope> of(String name, LlamaConfig config) {
        try {
            return Optional.of(new LoadedRope(name,
                    new RopeGeometry(config.headDim(), config.ropeTheta(), 1.0, config.contextLength())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
