package org.lmlab.model.extrapolation;

import org.lmlab.model.rope.RopeScaling;

/** The context extension a RoPE scaling states: its factor and the original context it scales. */
final class ScalingFactor {

    private ScalingFactor() {
    }

    /** The scaling's factor (1 when it has none). */
    static double of(RopeScaling s) {
        if (s instanceof RopeScaling.Linear l) {
            return l.factor();
        }
        if (s instanceof RopeScaling.DynamicNtk d) {
            return d.factor();
        }
        if (s instanceof RopeScaling.StaticNtk n) {
            return n.factor();
        }
        if (s instanceof RopeScaling.Yarn y) {
            return y.factor();
        }
        if (s instanceof RopeScaling.Llama3 l) {
            return l.factor();
        }
        if (s instanceof RopeScaling.LongRope l) {
            return l.factor().orElse(1);
        }
        return 1;
    }

    /** The original context the scaling names, else {@code trained}. */
    static int original(RopeScaling s, int trained) {
        int named = 0;
        if (s instanceof RopeScaling.Yarn y) {
            named = y.originalMaxPositionEmbeddings();
        } else if (s instanceof RopeScaling.Llama3 l) {
            named = l.originalMaxPositionEmbeddings();
        } else if (s instanceof RopeScaling.LongRope l) {
            named = l.originalMaxPositionEmbeddings();
        }
        return named > 0 ? named : trained;
    }
}
