package org.lmlab.model;

import java.util.Objects;
import org.lmlab.model.extrapolation.Positions;
import org.lmlab.model.rope.RopeGeometry;
import org.lmlab.model.rope.RopeScaling;

/**
 * Shape and hyper-parameters of a LLaMA-family decoder (SmolLM2, Llama 2/3, Qwen2-style).
 * Filled from GGUF metadata ({@code llama.*} keys) or from a Hugging Face {@code config.json}.
 *
 * @param architecture   family name as the checkpoint states it ("llama", "qwen2", ...)
 * @param vocabSize      rows of the token embedding
 * @param hiddenSize     model width (d_model)
 * @param intermediateSize SwiGLU inner width
 * @param layers         decoder blocks
 * @param heads          query heads
 * @param kvHeads        key/value heads (grouped-query attention when fewer than heads)
 * @param headDim        width of one head (usually hiddenSize / heads)
 * @param ropeTheta      RoPE base frequency (after a v5 {@code rope_parameters.rope_theta} override)
 * @param rmsNormEps     RMSNorm epsilon
 * @param contextLength  trained context length
 * @param tiedEmbeddings output projection shares the token embedding
 * @param attentionBias  q/k/v projections carry biases (Qwen2)
 * @param ropeScaling    the RoPE scaling the checkpoint declares ({@link RopeScaling.Default} for plain RoPE)
 * @param partialRotaryFactor share of each head that rotates, in (0, 1]; the decoder supports only 1,
 *                       kept so it can refuse other values by name
 * @param trainedPositions how the checkpoint was trained to see positions: {@code Positions.Rope(null)}
 *                       (RoPE as the fields above describe it; every published LLaMA-family model), or
 *                       {@link Positions.NoPE} / {@link Positions.Alibi} for models lmlab's trainer wrote
 *                       ({@code lmlab_position_encoding} in config.json)
 */
public record LlamaConfig(
        String architecture,
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int layers,
        int heads,
        int kvHeads,
        int headDim,
        double ropeTheta,
        double rmsNormEps,
        int contextLength,
        boolean tiedEmbeddings,
        boolean attentionBias,
        RopeScaling ropeScaling,
        double partialRotaryFactor,
        Positions trainedPositions) {

    /** Plain RoPE over whole heads: the form checkpoints without scaling keys take. */
    public LlamaConfig(String architecture, int vocabSize, int hiddenSize, int intermediateSize, int layers,
            int heads, int kvHeads, int headDim, double ropeTheta, double rmsNormEps, int contextLength,
            boolean tiedEmbeddings, boolean attentionBias) {
        this(architecture, vocabSize, hiddenSize, intermediateSize, layers, heads, kvHeads, headDim, ropeTheta,
                rmsNormEps, contextLength, tiedEmbeddings, attentionBias, new RopeScaling.Default(), 1.0);
    }

    /** A RoPE checkpoint with the scaling and rotary share it declares. */
    public LlamaConfig(String architecture, int vocabSize, int hiddenSize, int intermediateSize, int layers,
            int heads, int kvHeads, int headDim, double ropeTheta, double rmsNormEps, int contextLength,
            boolean tiedEmbeddings, boolean attentionBias, RopeScaling ropeScaling, double partialRotaryFactor) {
        this(architecture, vocabSize, hiddenSize, intermediateSize, layers, heads, kvHeads, headDim, ropeTheta,
                rmsNormEps, contextLength, tiedEmbeddings, attentionBias, ropeScaling, partialRotaryFactor,
                new Positions.Rope(null));
    }

    public LlamaConfig {
        Objects.requireNonNull(ropeScaling, "ropeScaling (use RopeScaling.Default for plain RoPE)");
        Objects.requireNonNull(trainedPositions, "trainedPositions (Positions.Rope(null) for a RoPE checkpoint)");
        if (trainedPositions instanceof Positions.Rope r && (r.scaling() != null || r.base() != 0)) {
            throw new IllegalArgumentException("a RoPE checkpoint states its scaling and base in ropeScaling and ropeTheta;"
                    + " trainedPositions must be Positions.Rope(null), got " + r.label());
        }
        if (!(partialRotaryFactor > 0 && partialRotaryFactor <= 1)) {
            throw new IllegalArgumentException("partial_rotary_factor must be in (0, 1], got " + partialRotaryFactor);
        }
        if (vocabSize <= 0 || hiddenSize <= 0 || intermediateSize <= 0 || layers <= 0 || heads <= 0
                || kvHeads <= 0 || headDim <= 0) {
            throw new IllegalArgumentException("model dimensions must be positive: " + this);
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException(
                    "query heads (" + heads + ") must be a multiple of key/value heads (" + kvHeads + ")");
        }
    }

    /** Head size, base, rotary share and trained context: what {@link #ropeScaling()} is evaluated over. */
    public RopeGeometry ropeGeometry() {
        return new RopeGeometry(headDim, ropeTheta, partialRotaryFactor, contextLength);
    }

    /** Plain RoPE over whole heads: the checkpoint declares no scaling and rotates every dimension. */
    public boolean plainRope() {
        return ropeScaling instanceof RopeScaling.Default && partialRotaryFactor == 1.0;
    }

    /** Whether the checkpoint was trained with RoPE (every published LLaMA-family model). */
    public boolean rope() {
        return trainedPositions instanceof Positions.Rope;
    }
}
