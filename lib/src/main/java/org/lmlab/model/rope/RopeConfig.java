package org.lmlab.model.rope;

import java.util.OptionalDouble;

/**
 * A parsed {@code rope_scaling} / {@code rope_parameters} object: the scaling variant, plus the
 * base and partial rotary factor when the object carries them (transformers v5 moves
 * {@code rope_theta} and {@code partial_rotary_factor} into {@code rope_parameters}); those
 * override the caller's geometry.
 */
public record RopeConfig(RopeScaling scaling, OptionalDouble ropeTheta, OptionalDouble partialRotaryFactor) {

    public static RopeConfig of(RopeScaling scaling) {
        return new RopeConfig(scaling, OptionalDouble.empty(), OptionalDouble.empty());
    }

    /** {@code geometry} with this object's rope_theta / partial_rotary_factor, where given. */
    public RopeGeometry applyTo(RopeGeometry geometry) {
        RopeGeometry g = geometry;
        if (ropeTheta.isPresent()) {
            g = g.withBase(ropeTheta.getAsDouble());
        }
        if (partialRotaryFactor.isPresent()) {
            g = g.withPartialRotaryFactor(partialRotaryFactor.getAsDouble());
        }
        return g;
    }

    public RopeFrequencies frequencies(RopeGeometry geometry, int seqLen) {
        return scaling.frequencies(applyTo(geometry), seqLen);
    }

    public RopeFrequencies frequencies(RopeGeometry geometry) {
        return frequencies(geometry, 0);
    }
}
