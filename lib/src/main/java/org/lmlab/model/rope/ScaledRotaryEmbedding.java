package org.lmlab.model.rope;

import org.lmlab.model.llama.RotaryEmbedding;

/**
 * A {@link RotaryEmbedding} whose frequencies and attention factor come from a scaling variant,
 * fixed when it is made (dynamic NTK and LongRoPE at the {@code seqLen} given). The decoder's
 * RoPE rotates whole heads, so the geometry's partial_rotary_factor must be 1.
 */
public final class ScaledRotaryEmbedding extends RotaryEmbedding {

    private final RopeFrequencies frequencies;

    private ScaledRotaryEmbedding(RopeGeometry geometry, RopeFrequencies frequencies) {
        super(geometry.headDim(), geometry.base());
        this.frequencies = frequencies;
    }

    /** The RoPE of {@code scaling} over {@code geometry} at sequence length {@code seqLen} (0: none). */
    public static ScaledRotaryEmbedding of(RopeScaling scaling, RopeGeometry geometry, int seqLen) {
        if (geometry.rotaryDim() != geometry.headDim()) {
            throw new IllegalArgumentException("the decoder rotates whole heads; partial_rotary_factor "
                    + geometry.partialRotaryFactor() + " (rotary dim " + geometry.rotaryDim() + " of head_dim "
                    + geometry.headDim() + ") is not supported yet");
        }
        return new ScaledRotaryEmbedding(geometry, scaling.frequencies(geometry, seqLen));
    }

    public RopeFrequencies frequencies() {
        return frequencies;
    }

    @Override
    protected double[] inverseFrequencies() {
        return frequencies.invFreq();
    }

    @Override
    protected double attentionFactor() {
        return frequencies.attentionFactor();
    }
}
