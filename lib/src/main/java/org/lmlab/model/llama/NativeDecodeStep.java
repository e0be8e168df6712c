package org.lmlab.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.lmlab.model.LlamaConfig;
import org.lmlab.model.engine.kernels.NativeDecodeLayers;

/**
 * The decode step with every layer in one native call ({@link NativeDecodeLayers}): the engine
 * only looks up the embeddings; the layers read and write each sequence's cache in place, and
 * the output head is the native product. Each row reads only its own run of slots, with no
 * padding or mask, so a sequence's logits do not depend on its batch. Against
 * {@link DecodePass}'s engine operations around the same native products, only the order of
 * some sums differs (norms' means, attention's dot products and softmax sum). Not thread-safe (as
 * its decoder): the head's output buffer is reused from step to step.
 */
final class NativeDecodeStep {

    private final LlamaConfig config;
    private final NDArray embedding;
    private final NativeDecodeWeights natives;
    /** The output head's result, reused: a step's logits go from here straight into each sequence's array. */
    private ByteBuffer logits = ByteBuffer.allocateDirect(0);

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
        ByteBuffer hidden = x.toByteBuffer(true);
        natives.decodeLayers().step(hidden, cos, sin, rows, scale, rawKeys);
        int vocab = config.vocabSize();
        if (logits.capacity() < 4L * n * vocab) {
            logits = ByteBuffer.allocateDirect(4 * n * vocab).order(ByteOrder.nativeOrder());
        }
        natives.multiply(hidden, logits, n, natives.head());
        FloatBuffer flat = logits.asFloatBuffer();
        float[][] out = new float[n][vocab];
        for (int i = 0; i < n; i++) {
            flat.get(i * vocab, out[i]);
        }
        return out;
    }
}
