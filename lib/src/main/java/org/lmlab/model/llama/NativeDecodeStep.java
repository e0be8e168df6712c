package org.lmlab.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.lmlab.model.LlamaConfig;
import org.lmlab.model.engine.kernels.NativeDecodeLayers;

/**
 * The decode step with every layer in one native call ({@link NativeDecodeLayers}): the engine
 * only looks up the embeddings; the layers read and write each sequence's cache in place, and
 * the output head is the native product. Each row reads only its own run of slots, with no
 * padding or mask, so a sequence's logits do not depend on its batch. Against
 * {@link DecodePass}'s engine operations around the same native products, only the order of
 * some sums differs (norms' means, attention's dot products and softmax sum).
 */
final class NativeDecodeStep {

    private final LlamaConfig config;
    private final NDArray embedding;
    private final NativeDecodeWeights natives;

    NativeDecodeStep(LlamaConfig config, NDArray embedding, NativeDecodeWeights natives) {
        this.config = config;
        this.embedding = embedding;
        this.natives = natives;
    }

    /**
     * Next-token logits of each claim ({@link DecodePass#plain}), its keys and values written at its
     * claimed slot (uncommitted); {@code cos}, {@code sin} {@code [claims, heads + kvHeads, headDim]}
     * as {@link DecodePass} builds them; scores times {@code scale}.
     */
    float[][] run(NDManager pass, List<LlamaDecoder.Claim> claims, float[] cos, float[] sin, float scale,
            boolean rawKeys) {
        int n = claims.size();
        int[] tokens = new int[n];
        List<NativeDecodeLayers.Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            LlamaDecoder.Claim c = claims.get(i);
            tokens[i] = c.tokens()[0];
            List<AttentionPlan.Segment> segments = c.plan().blocks().get(0).segments();
            rows.add(new NativeDecodeLayers.Row(c.cache().nativeMemory(), c.first(), segments.get(0).from(),
                    segments.get(segments.size() - 1).to()));
        }
        NDArray x = LlamaDecoder.embed(embedding, pass, tokens, config.hiddenSize());
        natives.decodeLayers().step(x.toByteBuffer(true), cos, sin, rows, scale, rawKeys);
        float[] flat = natives.multiply(x, natives.head()).toFloatArray();
        int vocab = config.vocabSize();
        float[][] logits = new float[n][];
        for (int i = 0; i < n; i++) {
            logits[i] = Arrays.copyOfRange(flat, i * vocab, (i + 1) * vocab);
        }
        return logits;
    }
}
