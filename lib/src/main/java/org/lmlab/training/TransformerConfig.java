package org.lmlab.training;

import java.util.LinkedHashMap;
import java.util.Map;
import org.lmlab.model.LlamaConfig;
import org.lmlab.model.extrapolation.Positions;
import org.lmlab.model.llama.WeightLayout;
import org.lmlab.model.rope.RopeScaling;
import org.lmlab.training.position.LearnedAbsolute;
import org.lmlab.training.position.PositionEncoding;
import org.lmlab.training.position.Rotary;

/**
 * Shape of a decoder-only transformer in the LLaMA layout (token embedding, pre-RMSNorm blocks of
 * causal multi-head attention and a SwiGLU MLP, final RMSNorm, tied or untied output projection)
 * with a pluggable position encoding.
 *
 * @param vocabSize        rows of the token embedding
 * @param hiddenSize       model width
 * @param layers           blocks
 * @param heads            attention heads (keys and values have as many)
 * @param intermediateSize SwiGLU inner width
 * @param context          the longest input it is trained on (max_position_embeddings)
 * @param positions        the position encoding
 * @param tiedEmbeddings   whether the output projection is the token embedding
 * @param rmsNormEps       RMSNorm epsilon
 */
public record TransformerConfig(int vocabSize, int hiddenSize, int layers, int heads, int intermediateSize,
                                int context, PositionEncoding positions, boolean tiedEmbeddings, double rmsNormEps) {

    public TransformerConfig {
        if (vocabSize < 2 || hiddenSize <= 0 || layers <= 0 || heads <= 0 || intermediateSize <= 0 || context <= 0) {
            throw new IllegalArgumentException("vocabulary (>= 2), width, layers, heads, MLP width and context must be "
                    + "positive: vocab " + vocabSize + ", width " + hiddenSize + ", layers " + layers + ", heads "
                    + heads + ", MLP " + intermediateSize + ", context " + context);
        }
        if (hiddenSize % heads != 0) {
            throw new IllegalArgumentException("the width " + hiddenSize + " must be a multiple of the heads " + heads);
        }
        if (positions == null) {
            throw new IllegalArgumentException("a position encoding is required (nope for none)");
        }
        if (positions instanceof Rotary && (hiddenSize / heads) % 2 != 0) {
            throw new IllegalArgumentException("RoPE rotates pairs: the head width " + hiddenSize / heads + " must be even");
        }
        if (positions instanceof LearnedAbsolute a && a.maxPositions() == 0) {
            positions = new LearnedAbsolute(context);
        }
        if (!(rmsNormEps > 0)) {
            throw new IllegalArgumentException("RMSNorm epsilon must be > 0, got " + rmsNormEps);
        }
    }

    /**
     * A model with LLaMA's proportions: MLP width the multiple of 32 at or above 8/3 × width,
     * tied embeddings, RMSNorm epsilon 1e-5.
     */
    public static TransformerConfig of(int vocabSize, int hiddenSize, int layers, int heads, int context,
                                       PositionEncoding positions) {
        int mlp = (int) Math.ceil(8.0 * hiddenSize / 3 / 32) * 32;
        return new TransformerConfig(vocabSize, hiddenSize, layers, heads, mlp, context, positions, true, 1e-5);
    }

    public TransformerConfig withIntermediateSize(int size) {
        return new TransformerConfig(vocabSize, hiddenSize, layers, heads, size, context, positions, tiedEmbeddings,
                rmsNormEps);
    }

    public TransformerConfig withTiedEmbeddings(boolean tied) {
        return new TransformerConfig(vocabSize, hiddenSize, layers, heads, intermediateSize, context, positions, tied,
                rmsNormEps);
    }

    public TransformerConfig withPositions(PositionEncoding p) {
        return new TransformerConfig(vocabSize, hiddenSize, layers, heads, intermediateSize, context, p, tiedEmbeddings,
                rmsNormEps);
    }

    public int headDim() {
        return hiddenSize / heads;
    }

    /** RoPE's base when the encoding is RoPE, else transformers' default (config.json needs a value). */
    public double ropeTheta() {
        return positions instanceof Rotary r ? r.theta() : 10000;
    }

    /**
     * The inference engine's view of this shape (LLaMA names, RoPE θ, the trained encoding where
     * the engine runs it, else RoPE as a placeholder: such a checkpoint is refused on load).
     */
    public LlamaConfig toLlamaConfig() {
        Positions trained = positions.inference().orElse(new Positions.Rope(null));
        return new LlamaConfig("llama", vocabSize, hiddenSize, intermediateSize, layers, heads, heads, headDim(),
                ropeTheta(), rmsNormEps, context, tiedEmbeddings, false, new RopeScaling.Default(), 1.0, trained);
    }

    /** Every tensor by checkpoint name and shape: the LLaMA tensors, then the encoding's own. */
    public Map<String, long[]> tensorShapes() {
        Map<String, long[]> shapes = new LinkedHashMap<>(WeightLayout.expectedShapes(toLlamaConfig()));
        shapes.putAll(positions.parameters(hiddenSize, heads, context));
        return shapes;
    }

    /** Parameters in all (tied embeddings counted once). */
    public long parameterCount() {
        long n = 0;
        for (long[] shape : tensorShapes().values()) {
            long size = 1;
            for (long d : shape) {
                size *= d;
            }
            n += size;
        }
        return n;
    }

    /** "2 layers, width 128, 4 heads, MLP 352, context 128, rope, vocabulary 256". */
    public String describe() {
        return layers + " layers, width " + hiddenSize + ", " + heads + " heads, MLP " + intermediateSize + ", context "
                + context + ", " + positions.name() + ", vocabulary " + vocabSize + (tiedEmbeddings ? ", tied" : ", untied")
                + " embeddings";
    }
}
